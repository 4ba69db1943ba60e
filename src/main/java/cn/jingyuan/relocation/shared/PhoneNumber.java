package cn.jingyuan.relocation.shared;

import java.util.regex.Pattern;

/**
 * A contact phone number: a mainland mobile number (11 digits starting with 1[3-9]) or a landline with its area
 * code, such as {@code 0954-5012345}. Spaces and a {@code +86} prefix are tolerated on input and dropped.
 */
public record PhoneNumber(String value) {

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}-?\\d{7,8}");

    public PhoneNumber {
        if (value == null || !(MOBILE.matcher(value).matches() || LANDLINE.matcher(value).matches())) {
            throw new InvalidValueException("联系电话格式不正确:" + value
                    + " (a phone is an 11-digit mobile number or a landline such as 0954-5012345)");
        }
    }

    public static PhoneNumber parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("联系电话不能为空 (phone is required)");
        }
        String s = raw.strip().replace(" ", "");
        if (s.startsWith("+86")) {
            s = s.substring(3);
        }
        if (s.matches("0\\d{9,11}") && !s.contains("-")) {
            // 09545012345 -> 0954-5012345 (three-digit area codes 010, 02x are the two-digit-after-0 ones)
            int area = s.startsWith("01") || s.startsWith("02") ? 3 : 4;
            s = s.substring(0, area) + "-" + s.substring(area);
        }
        return new PhoneNumber(s);
    }

    public boolean isMobile() {
        return MOBILE.matcher(value).matches();
    }

    /** {@code 139****5678} for mobiles, {@code 0954-****345} for landlines. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String value) {
        if (value == null || value.length() < 7) {
            return value;
        }
        if (value.contains("-")) {
            int dash = value.indexOf('-');
            String local = value.substring(dash + 1);
            return value.substring(0, dash + 1) + "****" + local.substring(Math.max(0, local.length() - 3));
        }
        return value.substring(0, 3) + "****" + value.substring(value.length() - 4);
    }
}
