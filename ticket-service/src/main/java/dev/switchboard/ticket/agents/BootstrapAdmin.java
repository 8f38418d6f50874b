package dev.switchboard.ticket.agents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.switchboard.ticket.access.ConsoleSettings;

/** SWITCHBOARD_BOOTSTRAP_ADMIN: the first admin, created at start while no agent exists (the local stack uses it). */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final ConsoleSettings settings;
    private final Agents agents;

    BootstrapAdmin(ConsoleSettings settings, Agents agents) {
        this.settings = settings;
        this.agents = agents;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.bootstrapLogin() != null && agents.bootstrap(settings.bootstrapLogin(), settings.bootstrapPassword())) {
            log.info("created the admin {} (SWITCHBOARD_BOOTSTRAP_ADMIN): no agent existed", settings.bootstrapLogin());
        }
    }
}
