package io.flowgate.flowjson;

import java.util.Collection;
import java.util.Optional;

/** Names (screen ids, keys) as they appear in messages, and "did you mean" hints. */
final class Names {

    static final int MAX_SHOWN_LENGTH = 64;

    private Names() {
    }

    /** {@code name} with control characters replaced and cut to 64 characters, so a message stays one line. */
    static String printable(String name) {
        boolean clean = name.length() <= MAX_SHOWN_LENGTH;
        for (int i = 0; clean && i < name.length(); i++) {
            clean = !Character.isISOControl(name.charAt(i));
        }
        if (clean) {
            return name;
        }
        var shown = new StringBuilder(Math.min(name.length(), MAX_SHOWN_LENGTH + 3));
        for (int i = 0; i < name.length() && i < MAX_SHOWN_LENGTH; i++) {
            char c = name.charAt(i);
            shown.append(Character.isISOControl(c) ? '?' : c);
        }
        if (name.length() > MAX_SHOWN_LENGTH) {
            shown.append("...");
        }
        return shown.toString();
    }

    /** {@code 'name'}, printable. */
    static String quoted(String name) {
        return "'" + printable(name) + "'";
    }

    /**
     * The candidate closest to {@code name} by edit distance (adjacent swaps count as one edit), if it is close
     * enough to be a likely typo: at most 2 edits and at most half of {@code name}'s length. Ties go to the
     * earlier candidate.
     */
    static Optional<String> closest(String name, Collection<String> candidates) {
        int limit = Math.min(2, name.length() / 2);
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - name.length()) > limit) {
                continue;
            }
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
