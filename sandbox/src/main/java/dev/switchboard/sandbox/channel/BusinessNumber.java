package dev.switchboard.sandbox.channel;

/**
 * A business phone number as Meta lists it in {@code GET /{waba-id}/phone_numbers}, with the values it starts with
 * (registration, quality and limit changes are kept by {@code NumberStates}).
 *
 * @param id              the phone_number_id
 * @param displayNumber   the number customers see ({@code +1 555-000-3333}); webhooks carry its digits
 * @param verifiedName    the business name Meta verified
 * @param status          PENDING (to be registered) or CONNECTED
 * @param quality         GREEN, YELLOW or RED
 * @param throughputLevel STANDARD or HIGH
 * @param messagingLimit  TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED
 */
public record BusinessNumber(String id, String displayNumber, String verifiedName, String status, String quality,
                             String throughputLevel, String messagingLimit) {

    /** The digits of the display number (its id when it has none), as webhooks carry them. */
    public String digits() {
        return displayNumber == null || displayNumber.isBlank() ? id : Channel.digits(displayNumber);
    }
}
