package io.flowgate.flowjson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a screen's {@code data} declarations into a type tree and checks each top-level
 * {@code __example__} against its field's type.
 */
final class DataModelCompiler {

    private static final String EXAMPLE = "__example__";
    private static final Set<String> KEYWORDS = Set.of("type", "items", "properties", EXAMPLE);
    private static final List<String> TYPE_NAMES = List.of("string", "number", "boolean", "object", "array");
    private static final String TYPES = String.join(", ", TYPE_NAMES);

    /** A screen's compiled model (empty when the screen declares none) and its examples. */
    record Result(Optional<DataType.ObjectType> model, Map<String, Object> examples) {
    }

    private final Diagnostics diagnostics;

    DataModelCompiler(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** @param declared the screen's {@code data} value; {@code null} when the screen has no {@code data} key */
    Result compile(Object declared, String pointer) {
        if (declared == null) {
            return new Result(Optional.empty(), Map.of());
        }
        if (!(declared instanceof Map<?, ?> fields)) {
            diagnostics.error(Code.DATA_MODEL_INVALID, pointer, "the data model must be an object mapping each field"
                    + " name to its declaration, such as {\"title\": {\"type\": \"string\", \"__example__\": \"Hi\"}};"
                    + " got " + JsonTypes.nameOf(declared));
            return new Result(Optional.empty(), Map.of());
        }
        var properties = new LinkedHashMap<String, DataType>();
        var examples = new LinkedHashMap<String, Object>();
        fields.forEach((key, declaration) -> {
            String name = String.valueOf(key);
            String fieldPointer = Pointer.child(pointer, name);
            DataType type = compileType(name, declaration, fieldPointer, true);
            if (type != null) {
                properties.put(name, type);
                lintExample(name, type, (Map<?, ?>) declaration, fieldPointer, examples);
            }
        });
        return new Result(Optional.of(new DataType.ObjectType(Collections.unmodifiableMap(properties))),
                Collections.unmodifiableMap(examples));
    }

    /** @return the type, or {@code null} after reporting why there is none */
    private DataType compileType(String name, Object declaration, String pointer, boolean topLevel) {
        if (!(declaration instanceof Map<?, ?> schema)) {
            diagnostics.error(Code.DATA_MODEL_INVALID, pointer, "field " + Names.quoted(name) + " must be declared as"
                    + " an object such as {\"type\": \"string\"}, got " + JsonTypes.nameOf(declaration));
            return null;
        }
        Object typeValue = schema.get("type");
        String typePointer = Pointer.child(pointer, "type");
        if (typeValue == null) {
            diagnostics.error(Code.DATA_TYPE_INVALID, schema.containsKey("type") ? typePointer : pointer, "field "
                    + Names.quoted(name) + " has no 'type'; declare one of " + TYPES);
            return null;
        }
        if (!(typeValue instanceof String typeName)) {
            diagnostics.error(Code.DATA_TYPE_INVALID, typePointer, "the 'type' of field " + Names.quoted(name)
                    + " must be a string, one of " + TYPES + ", got " + JsonTypes.nameOf(typeValue)
                    + " (Flows have no null, so a list such as [\"string\", \"null\"] has no use)");
            return null;
        }
        lintKeywords(name, typeName, schema, pointer, topLevel);
        return switch (typeName) {
            case "string" -> DataType.Scalar.STRING;
            case "number" -> DataType.Scalar.NUMBER;
            case "boolean" -> DataType.Scalar.BOOLEAN;
            case "integer" -> {
                diagnostics.warning(Code.TYPE_UNDOCUMENTED, typePointer, "field " + Names.quoted(name) + " has type"
                        + " 'integer', which Meta does not document and may refuse at upload; use 'number'"
                        + " (Flowgate checks 'integer' as a number without a fractional part)");
                yield DataType.Scalar.INTEGER;
            }
            case "object" -> compileObject(name, schema, pointer);
            case "array" -> compileArray(name, schema, pointer);
            default -> {
                String hint = Names.closest(typeName, TYPE_NAMES).map(t -> " (did you mean " + Names.quoted(t) + "?)")
                        .orElse("");
                diagnostics.error(Code.DATA_TYPE_INVALID, typePointer, "the 'type' of field " + Names.quoted(name)
                        + " is " + Names.quoted(typeName) + ", which is not a Flow JSON type" + hint + "; use one of " + TYPES);
                yield null;
            }
        };
    }

    private DataType compileObject(String name, Map<?, ?> schema, String pointer) {
        Object declared = schema.get("properties");
        if (declared == null) {
            return new DataType.ObjectType(Map.of());
        }
        String propertiesPointer = Pointer.child(pointer, "properties");
        if (!(declared instanceof Map<?, ?> fields)) {
            diagnostics.error(Code.DATA_MODEL_INVALID, propertiesPointer, "the 'properties' of field " + Names.quoted(name)
                    + " must be an object mapping names to declarations, got " + JsonTypes.nameOf(declared));
            return null;
        }
        var properties = new LinkedHashMap<String, DataType>();
        boolean valid = true;
        for (var entry : fields.entrySet()) {
            String property = String.valueOf(entry.getKey());
            DataType type = compileType(property, entry.getValue(), Pointer.child(propertiesPointer, property), false);
            valid &= type != null;
            if (type != null) {
                properties.put(property, type);
            }
        }
        return valid ? new DataType.ObjectType(Collections.unmodifiableMap(properties)) : null;
    }

    private DataType compileArray(String name, Map<?, ?> schema, String pointer) {
        Object items = schema.get("items");
        String itemsPointer = Pointer.child(pointer, "items");
        return switch (items) {
            case null -> {
                diagnostics.error(Code.DATA_ITEMS_MISSING, pointer, "array field " + Names.quoted(name) + " has no"
                        + " 'items'; declare the type of its elements, e.g. \"items\": {\"type\": \"string\"}");
                yield null;
            }
            case Boolean any -> new DataType.ArrayType(any ? new DataType.Anything() : new DataType.Nothing());
            case Map<?, ?> ignored -> {
                DataType itemType = compileType(name + "[]", items, itemsPointer, false);
                yield itemType == null ? null : new DataType.ArrayType(itemType);
            }
            default -> {
                diagnostics.error(Code.DATA_MODEL_INVALID, itemsPointer, "the 'items' of field " + Names.quoted(name)
                        + " must be an object (the elements' declaration) or a boolean, got " + JsonTypes.nameOf(items));
                yield null;
            }
        };
    }

    private void lintKeywords(String name, String typeName, Map<?, ?> schema, String pointer, boolean topLevel) {
        for (Object key : schema.keySet()) {
            String keyword = String.valueOf(key);
            String keywordPointer = Pointer.child(pointer, keyword);
            if (keyword.equals(EXAMPLE) && !topLevel) {
                diagnostics.warning(Code.EXAMPLE_NOT_TOP_LEVEL, keywordPointer, "'__example__' is allowed only on"
                        + " top-level fields of a data model (Meta refuses it here); give the example on the top-level"
                        + " field that contains " + Names.quoted(name));
            } else if (!KEYWORDS.contains(keyword)) {
                diagnostics.warning(Code.UNKNOWN_KEYWORD, keywordPointer, Names.quoted(keyword) + " on field "
                        + Names.quoted(name) + " is not a data-model keyword Meta documents (type, items, properties,"
                        + " __example__); Flowgate does not check it, though the client may enforce it");
            } else if (keyword.equals("items") && !typeName.equals("array")
                    || keyword.equals("properties") && !typeName.equals("object")) {
                diagnostics.warning(Code.UNKNOWN_KEYWORD, keywordPointer, Names.quoted(keyword) + " on field "
                        + Names.quoted(name) + " has no effect: the field's type is " + Names.quoted(typeName));
            }
        }
    }

    private void lintExample(String name, DataType type, Map<?, ?> declaration, String pointer,
                             Map<String, Object> examples) {
        if (!declaration.containsKey(EXAMPLE)) {
            diagnostics.warning(Code.EXAMPLE_MISSING, pointer, "top-level field " + Names.quoted(name) + " has no"
                    + " '__example__'; Meta requires one (the Builder previews the screen with it): add a "
                    + type.typeName() + " value");
            return;
        }
        Object example = declaration.get(EXAMPLE);
        examples.put(name, Frozen.copy(example));
        var path = new PathStack(Pointer.child(pointer, EXAMPLE));
        new ValueWalker(new ExampleListener(name)).walk(type, example, path);
    }

    /** Turns what does not fit in an example into EXAMPLE_MISMATCH warnings; undeclared keys are fine there. */
    private final class ExampleListener implements ValueWalker.Listener {

        private final String field;

        ExampleListener(String field) {
            this.field = field;
        }

        @Override
        public void typeMismatch(PathStack path, DataType expected, Object actual) {
            mismatch(path, JsonTypes.mismatch(expected, actual));
        }

        @Override
        public void nullValue(PathStack path) {
            mismatch(path, "is null, which Flows never accept");
        }

        @Override
        public void undeclared(PathStack path, String key, DataType.ObjectType type, Map<?, ?> object) {
        }

        @Override
        public void tooDeep(PathStack path) {
            mismatch(path, "nests deeper than " + ValueWalker.MAX_DEPTH + " levels");
        }

        private void mismatch(PathStack path, String problem) {
            String pointer = path.pointer();
            diagnostics.warning(Code.EXAMPLE_MISMATCH, pointer, "the '__example__' of field " + Names.quoted(field)
                    + " does not match its declaration: " + pointer + " " + problem + " (Meta refuses such an example)");
        }
    }
}
