package dev.switchboard.ticket.access;

import java.util.Optional;

import org.springframework.security.core.Authentication;

/** The login a single sign-on authentication names (empty for every other kind). */
interface SingleSignOn {

    Optional<String> login(Authentication authentication);

    SingleSignOn NONE = authentication -> Optional.empty();
}
