package io.flowgate.flowjson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The JSON type of a plain Java value (what the JsonCodec port produces), for checks and messages. */
final class JsonTypes {

    private JsonTypes() {
    }

    /** The JSON type name of {@code value} ("string", "number", ..., "null"): never the value itself. */
    static String nameOf(Object value) {
        return switch (value) {
            case null -> "null";
            case String ignored -> "string";
            case Boolean ignored -> "boolean";
            case Number number -> isFinite(number) ? "number" : "a non-finite number (JSON has none)";
            case Map<?, ?> ignored -> "object";
            case List<?> ignored -> "array";
            default -> "a Java " + value.getClass().getName() + " (not a JSON value)";
        };
    }

    /** "must be string, got number", or the reason an element of an {@code items: false} array is refused. */
    static String mismatch(DataType expected, Object actual) {
        if (expected instanceof DataType.Nothing) {
            return "is not allowed: its array's 'items' is false, so the array must be empty";
        }
        if (expected == DataType.Scalar.INTEGER && actual instanceof Number number && isFinite(number)) {
            return "must be integer, got a number with a fractional part";
        }
        return "must be " + expected.typeName() + ", got " + nameOf(actual);
    }

    static boolean matches(DataType.Scalar type, Object value) {
        return switch (type) {
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case NUMBER -> value instanceof Number number && isFinite(number);
            case INTEGER -> value instanceof Number number && isFinite(number) && isIntegral(number);
        };
    }

    private static boolean isFinite(Number number) {
        return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
    }

    private static boolean isIntegral(Number number) {
        return switch (number) {
            case Long ignored -> true;
            case Integer ignored -> true;
            case Short ignored -> true;
            case Byte ignored -> true;
            case BigInteger ignored -> true;
            case BigDecimal big -> big.signum() == 0 || big.stripTrailingZeros().scale() <= 0;
            default -> number.doubleValue() == Math.rint(number.doubleValue());
        };
    }
}
