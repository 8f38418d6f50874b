package dev.switchboard.ticket.console;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's two pages at the addresses the sign-in uses: {@code /console/login} (public) and {@code /console/}
 * (the app; its other files are static/console/**). Answered directly, not forwarded, so that each address is
 * authorized once, as itself.
 */
@Controller
class ConsolePages {

    private static final Resource LOGIN = new ClassPathResource("static/console/login.html");
    private static final Resource APP = new ClassPathResource("static/console/index.html");

    @GetMapping(path = "/console/login", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> login() {
        return page(LOGIN);
    }

    @GetMapping(path = {"/console", "/console/"}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> app() {
        return page(APP);
    }

    private static ResponseEntity<Resource> page(Resource page) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(page);
    }
}
