package io.peercart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CSV writer's field rules (RFC 4180 quoting, the formula guard) and its content negotiation. */
class CsvTest {
    @Test
    void fieldsAreQuotedWhereTheyMustBeAndFormulasAreWrittenAsText() {
        assertThat(Csv.field("A1")).isEqualTo("A1");
        assertThat(Csv.field("张三")).isEqualTo("张三");
        assertThat(Csv.field("")).isEqualTo("");
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        for (String start : new String[]{"=", "+", "-", "@", "\t"})
            assertThat(Csv.field(start + "1+1")).as("starts with %s", start).isEqualTo("'" + start + "1+1");
        assertThat(Csv.field("=SUM(A1,A2)")).isEqualTo("\"'=SUM(A1,A2)\"");
        assertThat(Csv.field("a=b")).as("only a leading sign").isEqualTo("a=b");
    }

    @Test
    void csvOnlyWhenItsQualityIsAboveZeroAndNotBelowJsons() {
        assertThat(Csv.prefersCsv("text/csv")).isTrue();
        assertThat(Csv.prefersCsv("TEXT/CSV; charset=utf-8")).isTrue();
        assertThat(Csv.prefersCsv("text/csv;q=0.9, application/json;q=0.5")).isTrue();
        assertThat(Csv.prefersCsv("application/json;q=0.5, text/csv;q=0.9")).isTrue();
        assertThat(Csv.prefersCsv("text/csv, application/json")).as("a tie goes to the type asked by name").isTrue();
        assertThat(Csv.prefersCsv("text/*, application/json;q=0.1")).isTrue();
        assertThat(Csv.prefersCsv("text/csv;q=0, application/json")).isFalse();
        assertThat(Csv.prefersCsv("text/csv;q=0")).isFalse();
        assertThat(Csv.prefersCsv("text/csv;q=0.000")).isFalse();
        assertThat(Csv.prefersCsv("application/json, text/csv;q=0.5")).isFalse();
        assertThat(Csv.prefersCsv("*/*")).isFalse();
        assertThat(Csv.prefersCsv("text/*;q=0.5, */*")).isFalse();
        assertThat(Csv.prefersCsv("application/json")).isFalse();
        assertThat(Csv.prefersCsv("text/html")).isFalse();
        assertThat(Csv.prefersCsv("")).isFalse();
        assertThat(Csv.prefersCsv("text/csv;q=abc")).as("a q that does not parse counts as 1").isTrue();
        assertThat(Csv.prefersCsv(",;;q=,text/csv;q=2")).as("out of range counts as 1").isTrue();
    }
}
