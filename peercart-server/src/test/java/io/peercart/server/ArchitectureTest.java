package io.peercart.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The modules of ARCHITECTURE.md: dependencies point inward only, and core stays pure. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.peercart");
    }

    @Test
    void coreKnowsNothingOfStoreOrServer() {
        noClasses().that().resideInAPackage("io.peercart.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.peercart.store..", "io.peercart.server..", "io.peercart.bench..")
                .check(classes);
    }

    @Test
    void coreIsPureJava() {
        noClasses().that().resideInAPackage("io.peercart.core..")
                .should().dependOnClassesThat(resideInAnyPackage("java.sql..", "javax.sql..", "java.net..", "java.io..",
                        "java.nio..", "java.util.concurrent..", "com.fasterxml..", "io.helidon..")
                        .and(DescribedPredicate.not(resideInAPackage("java.nio.charset")))) // text encodings, not I/O
                .check(classes);
    }

    @Test
    void coreNeverReadsTheClock() {
        noClasses().that().resideInAPackage("io.peercart.core..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .check(classes);
    }

    @Test
    void storeKnowsNothingOfServer() {
        noClasses().that().resideInAPackage("io.peercart.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.peercart.server..", "io.peercart.bench..", "io.helidon..")
                .check(classes);
    }
}
