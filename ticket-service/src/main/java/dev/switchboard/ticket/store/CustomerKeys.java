package dev.switchboard.ticket.store;

import java.util.ArrayList;
import java.util.List;

/** The key ({@code conversation.customer_id}) a new conversation takes. */
public final class CustomerKeys {

    /** How many keys {@link #candidates} offers. */
    public static final int CANDIDATES = 20;

    private CustomerKeys() {
    }

    /**
     * The keys a new conversation may take, in order: its natural key ({@code Keys.customerId}: the wa_id, else the
     * BSUID), then {@code <natural>~2}, {@code ~3}, …: the natural key is taken when it is a retired id (a recycled
     * number) whose old conversation keeps it.
     */
    public static List<String> candidates(String natural) {
        List<String> keys = new ArrayList<>(CANDIDATES);
        keys.add(natural);
        for (int i = 2; i <= CANDIDATES; i++) {
            keys.add(natural + "~" + i);
        }
        return keys;
    }
}
