package dev.switchboard.ticket.registry;

import org.springframework.stereotype.Component;

/** The provider clients, on one HTTP client, at the configured base URLs. */
@Component
class ProviderApis {

    private final GraphApi graph;
    private final TwilioApi twilio;
    private final Dialog360Api dialog360;

    ProviderApis(RegistrySettings settings) {
        ProviderHttp http = new ProviderHttp(settings.providerTimeout());
        this.graph = new GraphApi(http, settings);
        this.twilio = new TwilioApi(http, settings);
        this.dialog360 = new Dialog360Api(http, settings);
    }

    GraphApi graph() {
        return graph;
    }

    TwilioApi twilio() {
        return twilio;
    }

    Dialog360Api dialog360() {
        return dialog360;
    }
}
