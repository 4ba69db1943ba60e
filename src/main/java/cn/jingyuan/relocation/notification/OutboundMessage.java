package cn.jingyuan.relocation.notification;

/**
 * A message for a group chat outside the application.
 *
 * @param target  where it goes: a township's slug ({@code xiangshui}) or {@code county} for the county's offices
 * @param format  plain text or markdown
 * @param content what it says, in Chinese, without codes or account ids
 */
public record OutboundMessage(String target, Format format, String content) {

    /** The county-level offices' group (officer, finance, the leaders). */
    public static final String COUNTY = "county";

    public enum Format {
        TEXT, MARKDOWN
    }
}
