package dev.switchboard.ticket.access;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's login form: who may sign in (an enabled agent with a password, not locked), and what a success or a
 * failure does to the agent's failed-login count. Every refusal is logged with the login and the address, never
 * the password.
 */
final class SignIn implements UserDetailsService, AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);

    private final AgentAccounts accounts;
    private final ConsoleSettings.Login rules;
    private final Clock clock;

    SignIn(AgentAccounts accounts, ConsoleSettings.Login rules, Clock clock) {
        this.accounts = accounts;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        AgentAccounts.Account account = accounts.account(login(username))
                .filter(a -> a.passwordHash() != null)
                // the same hashing time as a wrong password (DaoAuthenticationProvider hashes a dummy)
                .orElseThrow(() -> new UsernameNotFoundException("no agent with a password of this login"));
        return User.withUsername(account.login())
                .password(account.passwordHash())
                .authorities(List.of(new SimpleGrantedAuthority("ROLE_" + account.role().toUpperCase(Locale.ROOT))))
                .disabled(!account.enabled())
                .accountLocked(account.lockedAt(clock.instant()))
                .build();
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        org.springframework.security.core.Authentication authentication) throws IOException {
        accounts.succeeded(authentication.getName());
        log.info("console sign-in: {} from {}", authentication.getName(), request.getRemoteAddr());
        response.sendRedirect(request.getContextPath() + "/console/");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String login = login(request.getParameter("username"));
        boolean locked = exception instanceof LockedException
                || (!login.isEmpty() && accounts.failed(login, rules.maxFailures(), rules.lockout()));
        log.warn("console sign-in refused: login '{}' from {}: {}", abbreviated(login), request.getRemoteAddr(),
                locked ? "locked" : exception.getClass().getSimpleName());
        response.sendRedirect(request.getContextPath() + (locked ? "/console/login?locked" : "/console/login?error"));
    }

    private static String login(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    /** What a log line may carry of what someone typed as a login. */
    private static String abbreviated(String login) {
        String printable = login.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
