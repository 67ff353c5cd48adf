package dev.listkit.core.util;

import java.util.Locale;

/** Small helpers for names in report files and HTML. */
public final class Names {
    private Names() {
    }

    /** Lower-case letters, digits, {@code .}, {@code _} and {@code -}; anything else becomes {@code _}. */
    public static String safe(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return t.isEmpty() ? "_" : t;
    }

    /** Sorts numeric labels by value and others after them by name. */
    public static String numericKey(String s) {
        try {
            return String.format(Locale.ROOT, "%020d", Long.parseLong(s));
        } catch (NumberFormatException e) {
            return "~" + s;
        }
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
