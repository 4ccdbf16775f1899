package io.github.cryptocloudwithdrawals.settings;

import java.util.Map;
import java.util.Properties;

/**
 * How log lines are written: {@code plain} text or one {@code json} object per line (Elastic
 * Common Schema). The logging set-up reads it before Camel reads its properties, so it is
 * resolved here the same way, from the environment variable {@code LOG_FORMAT} or else the key
 * {@code log.format} of application.properties, and handed to log4j2.xml as a system property.
 * The two values are exact, like every other enumerated setting.
 */
public enum LogFormat {
    PLAIN,
    JSON;

    static final String KEY = "log.format";
    static final String VARIABLE = "LOG_FORMAT";

    public static LogFormat configured(Map<String, String> environment, Properties applicationProperties) {
        String value = environment.get(VARIABLE);
        if (value == null) {
            value = applicationProperties.getProperty(KEY, "plain");
        }
        return switch (value.strip()) {
            case "plain" -> PLAIN;
            case "json" -> JSON;
            default -> throw new InvalidSettingException(VARIABLE + " must be plain or json, but is '" + value + "'");
        };
    }

    /** Makes log4j2.xml choose this format; must run before the first line is logged. */
    public void select() {
        System.setProperty(KEY, name().toLowerCase(java.util.Locale.ROOT));
    }
}
