package dev.switchboard.ticket.access;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operators' static admin tokens ({@code switchboard.admin.tokens}, {@code SWITCHBOARD_ADMIN_TOKEN},
 * comma-separated to rotate): each is an admin caller named {@code admin}, on every route.
 */
@ConfigurationProperties("switchboard.admin")
public record AdminTokens(List<String> tokens) {

    public AdminTokens {
        tokens = tokens == null ? List.of() : tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "AdminTokens[tokens=" + tokens.size() + "]";
    }
}
