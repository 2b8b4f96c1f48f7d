package io.peercart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSlotTest {

    private static TimeSlot slot(String text) { return TimeSlot.parse(text).orElseThrow(); }

    private static LocalTime t(String hhmm) { return LocalTime.parse(hhmm); }

    @Test
    void parsesHyphenatedSlot() {
        assertThat(TimeSlot.parse("10:00-12:30")).contains(new TimeSlot(t("10:00"), t("12:30")));
    }

    @Test
    void parsesEnDashAndSpacesAroundIt() {
        assertThat(TimeSlot.parse(" 10:00 – 12:30 ")).contains(new TimeSlot(t("10:00"), t("12:30")));
    }

    @Test
    void parsesOvernightSlot() {
        assertThat(TimeSlot.parse("22:00-02:00")).contains(new TimeSlot(t("22:00"), t("02:00")));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "10:00", "10-12", "1:00-2:00", "10:00-12:00-13:00", "24:00-01:00", "10:60-11:00",
            "25:00-26:00", "10:00/12:00", "aa:bb-cc:dd", "10:00-10:00"})
    void rejectsMalformedOrEmptySlots(String text) {
        assertThat(TimeSlot.parse(text)).isEmpty();
    }

    @Test
    void startIsInsideAndEndIsOutside() {
        TimeSlot s = slot("10:00-12:00");
        assertThat(s.contains(t("10:00"))).isTrue();
        assertThat(s.contains(t("11:59:59.999999999"))).isTrue();
        assertThat(s.contains(t("12:00"))).isFalse();
        assertThat(s.contains(t("09:59:59.999999999"))).isFalse();
    }

    @Test
    void overnightSlotContainsBothSidesOfMidnight() {
        TimeSlot s = slot("22:00-02:00");
        assertThat(s.contains(t("22:00"))).isTrue();
        assertThat(s.contains(t("23:59:59"))).isTrue();
        assertThat(s.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(s.contains(t("01:59:59"))).isTrue();
    }

    @Test
    void overnightSlotExcludesTheDaytimeGap() {
        TimeSlot s = slot("22:00-02:00");
        assertThat(s.contains(t("02:00"))).isFalse();
        assertThat(s.contains(t("12:00"))).isFalse();
        assertThat(s.contains(t("21:59:59"))).isFalse();
    }

    @Test
    void slotEndingAtMidnightCoversTheLastMinuteOfTheDay() {
        TimeSlot s = slot("20:00-00:00");
        assertThat(s.contains(t("23:59:59"))).isTrue();
        assertThat(s.contains(LocalTime.MIDNIGHT)).isFalse();
        assertThat(s.contains(t("19:59"))).isFalse();
    }

    @Test
    void printsInTheFormItWasParsedFrom() {
        assertThat(slot("08:05-09:30")).hasToString("08:05-09:30");
    }
}
