package ru.saigabot.training.scrub;

/** The Luhn checksum every payment card number carries; it tells a card from any other long number. */
public final class Luhn {
    private Luhn() {}

    /** True if {@code digits} (ASCII digits only) passes the Luhn check. */
    public static boolean isValid(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return digits.length() > 0 && sum % 10 == 0;
    }
}
