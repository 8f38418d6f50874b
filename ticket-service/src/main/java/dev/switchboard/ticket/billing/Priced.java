package dev.switchboard.ticket.billing;

import java.time.Instant;

import dev.switchboard.events.Pricing;

/**
 * What Meta said it charges for one outbound message, as a status webhook's {@code pricing} object carried it.
 *
 * @param billable whether Meta bills it (null when the object did not say)
 * @param model    CBP or PMP
 * @param category marketing, utility, authentication, service, referral_conversion, …
 * @param type     PMP's regular, free_customer_service, free_entry_point
 * @param pricedAt the time of the status that carried it: billable messages are counted per UTC day of this
 */
public record Priced(Boolean billable, String model, String category, String type, Instant pricedAt) {

    /** The status's pricing, or null when it carried none. */
    public static Priced of(Pricing pricing, Instant statusAt) {
        if (pricing == null) {
            return null;
        }
        return new Priced(pricing.getBillable(), pricing.getModel(), pricing.getCategory(), pricing.getType(), statusAt);
    }

    public boolean isBillable() {
        return Boolean.TRUE.equals(billable);
    }

    public Pricing toAvro() {
        return Pricing.newBuilder().setBillable(billable).setModel(model).setCategory(category).setType(type).build();
    }
}
