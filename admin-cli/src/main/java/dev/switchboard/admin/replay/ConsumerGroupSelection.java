package dev.switchboard.admin.replay;

import java.util.Collection;
import java.util.List;

/**
 * Which consumer groups {@code --group} names. A service's groups are named {@code <service>.<listener>}
 * ({@code ticket-service.inbound-messages}); some services have one group named as the service ({@code media-service}).
 */
final class ConsumerGroupSelection {

    private ConsumerGroupSelection() {
    }

    /** The groups whose id is {@code groupOrService} or starts with {@code groupOrService.}, sorted. */
    static List<String> select(String groupOrService, Collection<String> groupIds) {
        return groupIds.stream()
                .filter(id -> id.equals(groupOrService) || id.startsWith(groupOrService + "."))
                .sorted()
                .toList();
    }
}
