package io.peercart.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.peercart.core.ActivityType;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules of ARCHITECTURE.md: dependencies point inward only, and core stays pure; and the
 * house of docs/architecture.md: no cycles between packages, the store's internals hidden from the
 * server, and an activity type named only by its kind and the registries.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // the store's test fixtures
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

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.peercart.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("io.peercart.store.(**)").should().beFreeOfCycles().check(classes);
        // the store's root package is its API and composition root: nothing inside the store leans on it
        noClasses().that().resideInAPackage("io.peercart.store.*..").should().dependOnClassesThat().resideInAPackage("io.peercart.store")
                .check(classes);
        slices().matching("io.peercart.server.(**)").should().beFreeOfCycles().check(classes);
        slices().matching("io.peercart.core.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * The server sees the store through its interfaces and the values they return; the store's
     * classes (desks, rows, the writer) stay inside it. The exceptions are named: the factory,
     * three utilities the answers share with what the store writes (ids, instants, the order's
     * one representation, also the payload of its events), and the box that seals stored secrets
     * (the server reads its key and seals the idempotent answers it records).
     */
    @Test
    void theServerSeesOnlyTheStoresInterfacesAndValues() {
        Set<String> allowed = Set.of("io.peercart.store.JdbcStore", "io.peercart.store.engine.Ids", "io.peercart.store.engine.Instants",
                "io.peercart.store.order.OrderJson",
                "io.peercart.store.secret.SecretBox"); // an immutable value: the key the server reads, handed to JdbcStore.open
        DescribedPredicate<JavaClass> internal = new DescribedPredicate<>("a class of the store's implementation") {
            @Override
            public boolean test(JavaClass c) {
                return c.getPackageName().startsWith("io.peercart.store") && !c.isInterface() && !c.isRecord() && !c.isEnum()
                        && !c.isAssignableTo(RuntimeException.class) && !allowed.contains(c.getName());
            }
        };
        noClasses().that().resideInAnyPackage("io.peercart.server..", "io.peercart.bench..")
                .should().dependOnClassesThat(internal).check(classes);
    }

    /**
     * Only the registries and the kinds (with the rules of core and the routes a type owns) name an
     * activity type: everything else asks the registry, so a new type edits no switch. A kind's
     * family is the store package of an {@code ActivityKind}; the server package of the same name
     * holds the routes that family owns.
     */
    @Test
    void onlyKindsAndRegistriesNameAnActivityType() {
        Set<String> families = new java.util.HashSet<>();
        for (JavaClass c : classes)
            if (c.isAssignableTo(io.peercart.store.activity.ActivityKind.class) && !c.isInterface()) {
                families.add(c.getPackageName());
                families.add("io.peercart.server." + c.getPackageName().substring(c.getPackageName().lastIndexOf('.') + 1));
            }
        assertThat(families).as("the kinds' packages").contains("io.peercart.store.seckill", "io.peercart.store.fission");
        Set<String> registries = Set.of("io.peercart.store.activity.ActivityKinds", "io.peercart.server.view.TypeViews");
        ArchCondition<JavaClass> nameNoType = new ArchCondition<>("name no activity type (no constant, no switch)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaFieldAccess a : c.getFieldAccessesFromSelf())
                    if (a.getTargetOwner().isEquivalentTo(ActivityType.class) && !a.getName().equals("$VALUES"))
                        events.add(SimpleConditionEvent.violated(c, a.getDescription()));
                c.getMethodCallsFromSelf().stream()
                        .filter(m -> m.getTargetOwner().isEquivalentTo(ActivityType.class) && m.getName().equals("ordinal"))
                        .forEach(m -> events.add(SimpleConditionEvent.violated(c, m.getDescription())));
            }
        };
        DescribedPredicate<JavaClass> outside = new DescribedPredicate<>("outside the kinds and the registries") {
            @Override
            public boolean test(JavaClass c) {
                String top = c.getName().replaceAll("\\$.*", "");
                return (c.getPackageName().startsWith("io.peercart.store") || c.getPackageName().startsWith("io.peercart.server"))
                        && !families.contains(c.getPackageName()) && !registries.contains(top);
            }
        };
        classes().that(outside).should(nameNoType).check(classes);
    }
}
