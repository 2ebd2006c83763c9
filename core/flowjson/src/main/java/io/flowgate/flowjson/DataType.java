package io.flowgate.flowjson;

import java.util.Map;
import java.util.Objects;

/**
 * The type of one value in a screen's data model, compiled from the JSON-Schema-like declaration
 * ({@code {"type": "array", "items": {...}}}). {@code null} is never a valid value of any type: Flows type
 * their data as RFC 8927 does, without nulls.
 */
public sealed interface DataType permits DataType.Scalar, DataType.ObjectType, DataType.ArrayType,
        DataType.Anything, DataType.Nothing {

    /** The name used in messages: the Flow JSON {@code type} keyword's value. */
    String typeName();

    /** A value that is not a container. */
    enum Scalar implements DataType {
        STRING("string"),
        /** Any JSON number, integers included. */
        NUMBER("number"),
        /** Not documented by Meta; JSON Schema's meaning: a number without a fractional part. */
        INTEGER("integer"),
        BOOLEAN("boolean");

        private final String typeName;

        Scalar(String typeName) {
            this.typeName = typeName;
        }

        @Override
        public String typeName() {
            return typeName;
        }
    }

    /**
     * An object; its declared properties are checked when present, undeclared ones are allowed (the client's
     * JSON Schema does not forbid them). Properties keep their declaration order.
     */
    record ObjectType(Map<String, DataType> properties) implements DataType {
        public ObjectType {
            Objects.requireNonNull(properties, "properties");
        }

        @Override
        public String typeName() {
            return "object";
        }
    }

    /** An array whose every element has the type {@code items}. */
    record ArrayType(DataType items) implements DataType {
        public ArrayType {
            Objects.requireNonNull(items, "items");
        }

        @Override
        public String typeName() {
            return "array";
        }
    }

    /** {@code "items": true}: any non-null value. */
    record Anything() implements DataType {
        @Override
        public String typeName() {
            return "any value";
        }
    }

    /** {@code "items": false}: no value at all, so the array must be empty. */
    record Nothing() implements DataType {
        @Override
        public String typeName() {
            return "nothing (the array must be empty)";
        }
    }
}
