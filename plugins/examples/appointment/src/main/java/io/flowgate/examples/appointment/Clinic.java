package io.flowgate.examples.appointment;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the clinic offers. A real plugin would ask its booking system; this one is fixed so the example is
 * self-contained.
 */
final class Clinic {

    static final List<Option> DEPARTMENTS = List.of(
            new Option("general", "General practice"),
            new Option("cardiology", "Cardiology"),
            new Option("dermatology", "Dermatology"),
            new Option("pediatrics", "Pediatrics"));

    static final List<Option> LOCATIONS = List.of(
            new Option("downtown", "Downtown clinic"),
            new Option("riverside", "Riverside clinic"),
            new Option("airport", "Airport health point"));

    static final List<Option> TIMES = List.of(
            new Option("09:00", "09:00"),
            new Option("10:30", "10:30"),
            new Option("13:00", "13:00"),
            new Option("15:30", "15:30"));

    /** Departments each location does not have: choosing one is the error the user can fix. */
    private static final Map<String, Set<String>> UNAVAILABLE = Map.of(
            "airport", Set.of("cardiology", "dermatology", "pediatrics"),
            "riverside", Set.of("cardiology"));

    private static final DateTimeFormatter TITLE = DateTimeFormatter.ofPattern("EEE, d MMM", Locale.ENGLISH);

    private Clinic() {
    }

    /** The next five working days after {@code today}. */
    static List<Option> dates(LocalDate today) {
        List<Option> dates = new ArrayList<>();
        for (LocalDate day = today.plusDays(1); dates.size() < 5; day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                dates.add(new Option(day.toString(), TITLE.format(day)));
            }
        }
        return dates;
    }

    static boolean offers(String location, String department) {
        return !UNAVAILABLE.getOrDefault(location, Set.of()).contains(department);
    }
}
