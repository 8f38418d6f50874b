package dev.switchboard.outbound.channel;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Graph API versions this service sends with. The version is a channel's ({@code meta.graph-api-version}, the
 * record's {@code MetaChannel.graphApiVersion}), else the service's ({@code switchboard.graph.version},
 * {@code SWITCHBOARD_GRAPH_VERSION}), else {@link #DEFAULT}. What outbound relies on (the {@code /<version>/<number>/
 * messages} path, the send answer with or without {@code messages[0].message_status}, {@code recipient} for a BSUID)
 * is tested for each of {@link #SUPPORTED}.
 */
public final class GraphVersions {

    /** Meta's newest (released 2026-11-04). */
    public static final String DEFAULT = "v27.0";
    /** The versions tested; v23.0 is available until 2027-10-08 (Meta's versions table). */
    public static final List<String> SUPPORTED = List.of("v23.0", "v24.0", "v25.0", "v26.0", "v27.0");

    private static final Pattern VERSION = Pattern.compile("v[0-9]+\\.[0-9]+");

    private GraphVersions() {
    }

    /** Whether {@code value} is written like a Graph API version: {@code v<major>.<minor>}. */
    public static boolean isVersion(String value) {
        return value != null && VERSION.matcher(value).matches();
    }
}
