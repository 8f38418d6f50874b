package dev.switchboard.ticket.content;

/**
 * WhatsApp's limits on what a business may send, as {@link OutboundContent#validate} enforces them.
 *
 * <p>Lengths are counted in Unicode code points (Java's {@code codePointCount}), not UTF-16 units: an
 * emoji such as 😀 counts as one character, not two, so a text of 4,096 such emoji is accepted. Meta
 * documents every limit in "characters" without naming the unit, and we found no statement of how its
 * servers count; code points are what "characters" means for a Unicode-aware server. Third-party
 * libraries that use JavaScript's {@code length} (UTF-16 units, e.g. whatsapp-api-js) are stricter for
 * emoji. A multi-code-point emoji (👍🏽, 👨‍👩‍👧) counts as each of its code points, the cautious reading
 * between code points and grapheme clusters.
 *
 * <p>Sources, abbreviated: [Meta] = developers.facebook.com WhatsApp Cloud API message pages (current
 * {@code /documentation/business-messaging/whatsapp/messages/…} pages and their mirrors); [OAS] = Meta's
 * OpenAPI spec {@code facebook/openapi business-messaging-api_v23.0.yaml}; [NodeSDK] = Meta's own WhatsApp Node.js SDK reference
 * (whatsapp.github.io/WhatsApp-Nodejs-SDK); [Twilio] = twilio.com Content API docs.
 */
public final class ContentLimits {

    private ContentLimits() {
    }

    // ------------------------------------------------------------------ text and media

    /** [Meta] text-messages: {@code <BODY_TEXT>} "Maximum 4096 characters"; [OAS] text.body maxLength 4096. */
    public static final int TEXT_BODY_MAX = 4096;

    /** [Meta] image/video/document-messages: {@code <MEDIA_CAPTION_TEXT>} "Maximum 1024 characters"; [OAS]. */
    public static final int CAPTION_MAX = 1024;

    /**
     * Document filename. Meta only says "Document filename, with extension" ([Meta] document-messages) and
     * documents no length: 255 is our own cap (the usual file-system limit), not a confirmed WhatsApp limit.
     */
    public static final int FILENAME_MAX = 255;

    // ------------------------------------------------------------------ uploaded files

    /*
     * [Meta] "Supported media types" (whatsapp/cloud-api/reference/media): audio 16 MB, document 100 MB, image 5 MB,
     * video 16 MB, sticker 100 KB (static) / 500 KB (animated). Meta does not say whether MB means 10^6 or 2^20
     * bytes: we take the cautious reading, 10^6, so a file we accept is never too large for WhatsApp.
     */

    /** [Meta] supported media types: audio "16 MB". */
    public static final long AUDIO_BYTES_MAX = 16_000_000;

    /** [Meta] supported media types: document "100 MB". */
    public static final long DOCUMENT_BYTES_MAX = 100_000_000;

    /** [Meta] supported media types: image "5 MB". */
    public static final long IMAGE_BYTES_MAX = 5_000_000;

    /** [Meta] supported media types: video "16 MB". */
    public static final long VIDEO_BYTES_MAX = 16_000_000;

    /** [Meta] supported media types: static sticker "100 KB". */
    public static final long STICKER_BYTES_MAX = 100_000;

    /** [Meta] supported media types: animated sticker "500 KB". */
    public static final long ANIMATED_STICKER_BYTES_MAX = 500_000;

    // ------------------------------------------------------------------ interactive messages

    /**
     * [Meta] reply-buttons, cta_url and catalog pages: {@code <BODY_TEXT>} "Maximum 1024 characters"; [OAS]
     * BodyObject. (Meta's Nov 2025 list page allows 4096 for list bodies; 1024 is the cap every type accepts.)
     */
    public static final int INTERACTIVE_BODY_MAX = 1024;

    /** [Meta] cta_url page: {@code <HEADER_TEXT>} "Maximum 60 characters"; [OAS] header.text maxLength 60. */
    public static final int INTERACTIVE_HEADER_TEXT_MAX = 60;

    /** [Meta] reply-buttons and cta_url pages: {@code <FOOTER_TEXT>} "Maximum 60 characters"; [OAS]. */
    public static final int INTERACTIVE_FOOTER_MAX = 60;

    /** [Meta] reply-buttons page: "send up to three predefined replies", "Supports up to 3 buttons"; [OAS] maxItems 3. */
    public static final int REPLY_BUTTONS_MAX = 3;

    /** [Meta] reply-buttons page: {@code <BUTTON_ID>} "Maximum 256 characters"; [OAS] "No leading/trailing spaces". */
    public static final int REPLY_BUTTON_ID_MAX = 256;

    /** [Meta] reply-buttons page: {@code <BUTTON_LABEL_TEXT>} "Must be unique … Maximum 20 characters". */
    public static final int REPLY_BUTTON_TITLE_MAX = 20;

    /** [OAS] list action.button maxLength 20; also Gupshup list node "Button Title 20 character". */
    public static final int LIST_BUTTON_MAX = 20;

    /** [Meta] interactive-list-messages: "support up to 10 sections, with up to 10 rows for all sections combined". */
    public static final int LIST_SECTIONS_MAX = 10;

    /** [Meta] interactive-list-messages: "up to 10 rows for all sections combined" (the [OAS] schema says 10 per section). */
    public static final int LIST_ROWS_MAX = 10;

    /** [NodeSDK] RowObject: id "Maximum length of 200 characters"; [OAS]. */
    public static final int LIST_ROW_ID_MAX = 200;

    /** [NodeSDK] RowObject: title "Maximum length of 24 characters"; [OAS]. */
    public static final int LIST_ROW_TITLE_MAX = 24;

    /** [NodeSDK] RowObject: description "Maximum length of 72 characters"; [OAS]. */
    public static final int LIST_ROW_DESCRIPTION_MAX = 72;

    /**
     * [OAS] section title maxLength 24, "Required if the message has more than one section"; whatsapp-api-js
     * ListSection agrees (24). Gupshup's list node says 20 — unconfirmed, we follow Meta's schema.
     */
    public static final int LIST_SECTION_TITLE_MAX = 24;

    /** [Meta] cta_url page: {@code <BUTTON_LABEL_TEXT>} "Maximum 20 characters"; {@code <BUTTON_URL>} required. */
    public static final int CTA_DISPLAY_TEXT_MAX = 20;

    /** [Meta] multi-product messages (via 360dialog/MessageBird copies): "up to 30 items"; sections "maximum of 10". */
    public static final int PRODUCT_LIST_ITEMS_MAX = 30;

    /** [NodeSDK] ActionObject: sections "Minimum of 1, maximum of 10" (multi-product). */
    public static final int PRODUCT_LIST_SECTIONS_MAX = 10;

    // ------------------------------------------------------------------ templates

    /**
     * Template name: "Must be in lowercase. Maximum of 512 characters. May not contain any spaces. Use an
     * underscore" (Meta's template guidelines as quoted by Clickatell); schema copies give {@code [a-z0-9_]},
     * maxLength 512.
     */
    public static final int TEMPLATE_NAME_MAX = 512;

    /**
     * Template button component {@code index}: templates have at most 10 buttons, indexed 0–9 (older Cloud API
     * reference, "index values of 0 to 9"; not re-confirmed in the current pages).
     */
    public static final int TEMPLATE_BUTTON_INDEX_MAX = 9;

    /** [Twilio] Content API "Variables: ≤100/template". */
    public static final int TWILIO_VARIABLES_MAX = 100;

    /** [Twilio] Content API variable key "≤16 chars". */
    public static final int TWILIO_VARIABLE_KEY_MAX = 16;

    /** [Twilio] Content API variable value "≤1600". */
    public static final int TWILIO_VARIABLE_VALUE_MAX = 1600;

    // ------------------------------------------------------------------ other types

    /** [Meta] contacts-messages: "Each message can include information for up to 257 contacts". */
    public static final int CONTACTS_MAX = 257;

    /** Latitude in decimal degrees ([Meta] location-messages), so −90…90. */
    public static final double LATITUDE_MAX = 90;

    /** Longitude in decimal degrees ([Meta] location-messages), so −180…180. */
    public static final double LONGITUDE_MAX = 180;
}
