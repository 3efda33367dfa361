package ru.saigabot.bot.dispatch;

import java.util.Optional;

/**
 * A button of /params: set one sampling setting to one of the offered values. Only the offered values
 * unpack, so a forged callback cannot store something the menu would not.
 */
public record ParamsCallback(Setting setting, String value) {
    private static final String PREFIX = "pm";

    /** The settings /params offers, with their values (the first is the default). */
    public enum Setting {
        TEMPERATURE("t", "0.2", "0.5", "0.8", "1.0"),
        TOP_P("p", "0.9", "0.8", "0.95", "1.0"),
        MAX_TOKENS("n", "512", "256", "1024", "2048");

        private final String code;
        private final java.util.List<String> values;

        Setting(String code, String... values) {
            this.code = code;
            this.values = java.util.List.of(values);
        }

        public java.util.List<String> choices() {
            return values;
        }

        static Optional<Setting> byCode(String code) {
            for (Setting setting : values()) {
                if (setting.code.equals(code)) {
                    return Optional.of(setting);
                }
            }
            return Optional.empty();
        }
    }

    public String pack() {
        return CallbackData.pack(PREFIX, setting.code, value);
    }

    public static Optional<ParamsCallback> unpack(String data) {
        return CallbackData.fields(data, PREFIX, 2).flatMap(f -> Setting.byCode(f[0])
                .filter(setting -> setting.values.contains(f[1]))
                .map(setting -> new ParamsCallback(setting, f[1])));
    }
}
