package io.peercart.core;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A daily window `HH:mm-HH:mm` in the activity's time zone; an end before the start crosses midnight. */
public record TimeSlot(LocalTime start, LocalTime end) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{2}:\\d{2})\\s*[-–]\\s*(\\d{2}:\\d{2})");

    public static Optional<TimeSlot> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) return Optional.empty();
        try {
            LocalTime start = LocalTime.parse(m.group(1));
            LocalTime end = LocalTime.parse(m.group(2));
            return start.equals(end) ? Optional.empty() : Optional.of(new TimeSlot(start, end));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public boolean contains(LocalTime t) {
        return start.isBefore(end)
                ? !t.isBefore(start) && t.isBefore(end)
                : !t.isBefore(start) || t.isBefore(end);
    }

    @Override
    public String toString() { return start + "-" + end; }
}
