package dev.switchboard.ticket.registry;

import org.springframework.stereotype.Component;

import dev.switchboard.ticket.channel.ProviderUrls;

/** The provider clients, on one HTTP client, at the configured base URLs. */
@Component
class ProviderApis {

    private final GraphApi graph;
    private final TwilioApi twilio;
    private final Dialog360Api dialog360;

    ProviderApis(RegistrySettings settings, ProviderUrls urls) {
        ProviderHttp http = new ProviderHttp(settings.providerTimeout());
        this.graph = new GraphApi(http, urls);
        this.twilio = new TwilioApi(http, urls);
        this.dialog360 = new Dialog360Api(http, urls);
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
