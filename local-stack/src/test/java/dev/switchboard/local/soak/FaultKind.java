package dev.switchboard.local.soak;

/** The kinds of fault the soak causes, by the names the journal and the report use. */
public enum FaultKind {

    /** SIGKILL of one process, restarted at once (the fault lasts until it answers ready again). */
    KILL("kill"),
    /** The broker stopped (in-process, gracefully: it lives in the launcher's JVM), down a while, started on its data. */
    BROKER_RESTART("broker-restart"),
    /** PostgreSQL stopped ({@code pg_ctl stop -m fast}) for a while, started on its data. */
    DATABASE_STOP("database-stop"),
    /** The provider answers a share of the sends with its throughput error (Meta 130429, Twilio 20429). */
    PROVIDER_130429("provider-130429"),
    /** The provider answers a share of the sends with a server error (Meta 131000 / 500, Twilio 20503 / 503). */
    PROVIDER_5XX("provider-5xx"),
    /** The provider holds a share of the sends past outbound's request timeout, then refuses them (never accepted). */
    PROVIDER_TIMEOUT("provider-timeout");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /** The journal's name of the kind. */
    public String label() {
        return label;
    }

    public boolean isProvider() {
        return this == PROVIDER_130429 || this == PROVIDER_5XX || this == PROVIDER_TIMEOUT;
    }
}
