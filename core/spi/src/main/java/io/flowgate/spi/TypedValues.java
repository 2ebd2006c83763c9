package io.flowgate.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one JSON value as the type a handler expects, the same way for request data and session values.
 * Empty when the value is absent or is not of that type: a form field the user left empty, or a payload that
 * does not carry it, reads as empty rather than failing.
 */
final class TypedValues {

    private TypedValues() {
    }

    static Optional<String> text(Object value) {
        return value instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /** A whole number, or text holding one (TextInput with {@code input-type: number} sends text). */
    static Optional<Long> integer(Object value) {
        try {
            return switch (value) {
                case Integer number -> Optional.of(number.longValue());
                case Long number -> Optional.of(number);
                case BigInteger number -> Optional.of(number.longValueExact());
                case Double number when number == Math.rint(number) && !number.isInfinite()
                        && Math.abs(number) < 0x1p53 -> Optional.of(number.longValue());
                case BigDecimal number -> Optional.of(number.longValueExact());
                case String text when !text.isBlank() -> Optional.of(Long.parseLong(text.strip()));
                case null, default -> Optional.empty();
            };
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Any number, or text holding one, exactly (no binary rounding for amounts of money). */
    static Optional<BigDecimal> decimal(Object value) {
        try {
            return switch (value) {
                case Integer number -> Optional.of(BigDecimal.valueOf(number));
                case Long number -> Optional.of(BigDecimal.valueOf(number));
                case BigInteger number -> Optional.of(new BigDecimal(number));
                case BigDecimal number -> Optional.of(number);
                case Double number when !number.isNaN() && !number.isInfinite() -> Optional.of(BigDecimal.valueOf(number));
                case String text when !text.isBlank() -> Optional.of(new BigDecimal(text.strip()));
                case null, default -> Optional.empty();
            };
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A boolean, or the text {@code "true"}/{@code "false"} (OptIn values travel either way). */
    static Optional<Boolean> bool(Object value) {
        return switch (value) {
            case Boolean flag -> Optional.of(flag);
            case String text when text.equalsIgnoreCase("true") -> Optional.of(true);
            case String text when text.equalsIgnoreCase("false") -> Optional.of(false);
            case null, default -> Optional.empty();
        };
    }

    /**
     * A date as DatePicker sends it: {@code "2026-12-24"} from Flow JSON 5.0 on; before, the UTC midnight of
     * the chosen day in milliseconds since the epoch, as a number or as text.
     */
    static Optional<LocalDate> date(Object value) {
        if (value instanceof String text && text.strip().matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return Optional.of(LocalDate.parse(text.strip()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return integer(value).map(millis -> Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate());
    }

    @SuppressWarnings("unchecked")
    static Optional<List<Object>> list(Object value) {
        return value instanceof List<?> list ? Optional.of((List<Object>) list) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> map(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map) : Optional.empty();
    }
}
