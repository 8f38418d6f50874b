package dev.switchboard.sandbox.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Graph's cursor paging of an edge: {@code {"data":[…],"paging":{"cursors":{"before","after"},"next"?}}}, with
 * {@code limit} (default 25) and {@code after}. A cursor is the base64 of a position, opaque to the caller as Meta's.
 */
final class GraphPaging {

    static final int DEFAULT_LIMIT = 25;
    private static final JsonMapper JSON = JsonMapper.shared();

    private GraphPaging() {
    }

    /**
     * One page of {@code items}.
     *
     * @param limit   the {@code limit} parameter (null: 25; at least 1)
     * @param after   the {@code after} cursor, or null for the first page
     * @param nextUrl the edge's URL without query, for {@code paging.next}
     * @return the page, or null for a cursor that is not one of ours
     */
    static ObjectNode page(List<ObjectNode> items, Integer limit, String after, String nextUrl) {
        int start = after == null || after.isBlank() ? 0 : position(after);
        if (start < 0) {
            return null;
        }
        int size = limit == null || limit < 1 ? DEFAULT_LIMIT : limit;
        int from = Math.min(start, items.size());
        int to = Math.min(from + size, items.size());
        ObjectNode body = JSON.createObjectNode();
        body.putArray("data").addAll(items.subList(from, to));
        if (from < to) {
            ObjectNode paging = body.putObject("paging");
            ObjectNode cursors = paging.putObject("cursors");
            cursors.put("before", cursor(from));
            cursors.put("after", cursor(to - 1));
            if (to < items.size()) {
                paging.put("next", nextUrl + "?limit=" + size + "&after=" + cursor(to - 1));
            }
        }
        return body;
    }

    private static String cursor(int index) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("sandbox:" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** The position after the cursor's item; -1 for a cursor that is not one of ours. */
    private static int position(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return decoded.startsWith("sandbox:") ? Integer.parseInt(decoded.substring(8)) + 1 : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
