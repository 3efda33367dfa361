package ru.saigabot.inference;

import java.util.Objects;

/**
 * A setting outside its {@link SettingRange}: a value someone gave (a flag, a request, a variant), not a bug. Its
 * message is one line, {@code --slots = 99 is out of range; allowed 1..64}, fit to show as it is; a command line
 * prints it and exits with a usage error.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private final transient SettingRange setting;
    private final String label;
    private final String value;

    public InvalidSettingException(SettingRange setting, String label, String value) {
        super(label + " = " + value + " is out of range; allowed " + setting.allowed());
        this.setting = Objects.requireNonNull(setting, "setting");
        this.label = label;
        this.value = value;
    }

    /** The range that was broken. */
    public SettingRange setting() {
        return setting;
    }

    /** How the refusal named the setting: its name or its flag. */
    public String label() {
        return label;
    }

    /** The refused value as given. */
    public String value() {
        return value;
    }
}
