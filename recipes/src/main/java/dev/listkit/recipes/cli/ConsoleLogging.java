package dev.listkit.recipes.cli;

import java.util.List;

/**
 * The command line's logging: slf4j-simple (the CLI module's one SLF4J binding, configured by
 * {@code simplelogger.properties}) writes every log line to stderr with a time stamp; stdout carries only
 * results. {@code -q}/{@code --quiet} shows warnings and errors only (no progress lines), {@code -v}/
 * {@code --verbose} adds debug lines and logger names. Must run before the first logger is made, which is
 * why {@link Listkit#main} calls it first; a {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} given to
 * the JVM wins.
 */
final class ConsoleLogging {
    static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final List<String> QUIET = List.of("-q", "--quiet");
    static final List<String> VERBOSE = List.of("-v", "--verbose");

    private ConsoleLogging() {
    }

    /** Sets the level from {@code -q}/{@code -v} among the arguments (before a {@code --}). */
    static void configure(String[] args) {
        boolean quiet = false;
        boolean verbose = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            quiet |= QUIET.contains(a);
            verbose |= VERBOSE.contains(a);
        }
        if (System.getProperty(LEVEL) != null || !(quiet || verbose)) {
            return;
        }
        System.setProperty(LEVEL, quiet ? "warn" : "debug");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "info");
        }
    }
}
