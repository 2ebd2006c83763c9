package io.flowgate.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the list of settings ({@link Setting}) as a commented {@code application.yaml} and as the Markdown
 * table of docs/configuration.md, so that neither can drift from the defaults the server uses.
 */
final class SettingsDocument {

    private static final int COMMENT_WIDTH = 100;

    private SettingsDocument() {
    }

    /** Every setting, nested by its dotted key, each with its meaning as a comment and its default as value. */
    static String yaml() {
        var out = new StringBuilder("""
                # Flowgate settings, each with its default (printed by `flowgate settings`).
                # Precedence, highest first: environment variables (the key upper-cased, with . and - as _),
                # Java system properties, this file (./application.yaml, a release's conf/application.yaml,
                # or --config FILE), the defaults. In a release, relative paths are relative to its folder.
                # Per flow: flowgate.flows.<flowId>.token-error-message.
                """);
        writeNode(out, tree(), 0);
        return out.toString();
    }

    /** The table of docs/configuration.md. */
    static String markdown() {
        var out = new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting setting : Setting.values()) {
            String shown = setting.defaultValue().isEmpty() ? "(none)" : "`" + setting.defaultValue() + "`";
            out.append("| `").append(setting.key()).append("` | `").append(setting.environmentVariable())
                    .append("` | ").append(shown).append(" | ").append(setting.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Nodes keyed by key segment, in the order the settings are declared; leaves are settings. */
    private static Map<String, Object> tree() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            String[] segments = setting.key().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < segments.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(segments[i],
                        segment -> new LinkedHashMap<String, Object>());
                node = child;
            }
            node.put(segments[segments.length - 1], setting);
        }
        return root;
    }

    private static void writeNode(StringBuilder out, Map<String, Object> node, int depth) {
        String indent = "  ".repeat(depth);
        node.forEach((name, value) -> {
            if (value instanceof Setting setting) {
                for (String line : wrap(setting.description(), COMMENT_WIDTH - indent.length() - 2)) {
                    out.append(indent).append("# ").append(line).append('\n');
                }
                out.append(indent).append(name).append(": ").append(scalar(setting.defaultValue())).append('\n');
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) value;
                out.append(indent).append(name).append(":\n");
                writeNode(out, child, depth + 1);
            }
        });
    }

    /** Whole numbers and booleans bare, everything else as a double-quoted YAML string. */
    private static String scalar(String value) {
        if (value.matches("[0-9]+|true|false")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        var line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
