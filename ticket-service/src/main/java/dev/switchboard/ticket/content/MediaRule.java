package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.CAPTION_MAX;
import static dev.switchboard.ticket.content.ContentLimits.FILENAME_MAX;
import static dev.switchboard.ticket.content.Problems.present;

import tools.jackson.databind.JsonNode;

/**
 * {@code {"type":"image"|"audio"|"video"|"document"|"sticker","media":{"link"|"id","caption","filename"}}}, and
 * the media references of interactive headers and template parameters.
 */
record MediaRule(Problems problems) {

    void check(JsonNode content, String type) {
        JsonNode media = reference(content, "", "media");
        if (media == null) {
            return;
        }
        String caption = problems.string(media, "media", "caption", false);
        if (caption != null) {
            if (type.equals("audio") || type.equals("sticker")) {
                problems.add("media.caption", type + " messages can't have a caption");
            } else {
                problems.maxLength("media.caption", caption, CAPTION_MAX);
            }
        }
        String filename = problems.string(media, "media", "filename", false);
        if (filename != null) {
            if (!type.equals("document")) {
                problems.add("media.filename", "only documents can have a filename");
            } else {
                filename("media.filename", filename);
            }
        }
    }

    /**
     * The required media object {@code parent.name} (content media, header media, template parameter), with
     * exactly one of link or id; null when it is missing or not an object.
     */
    JsonNode reference(JsonNode parent, String parentPath, String name) {
        JsonNode media = problems.object(parent, parentPath, name, true);
        if (media == null) {
            return null;
        }
        String path = Problems.join(parentPath, name);
        String link = problems.string(media, path, "link", false);
        String id = problems.string(media, path, "id", false);
        boolean hasLink = present(media.get("link"));
        boolean hasId = present(media.get("id"));
        if (hasLink && hasId) {
            problems.add(path, "must have either a link or an id, not both");
        } else if (!hasLink && !hasId) {
            problems.add(path, "needs a link or an id");
        }
        if (link != null) {
            problems.url(path + ".link", link);
        }
        if (id != null && id.isBlank()) {
            problems.add(path + ".id", "must not be blank");
        }
        return media;
    }

    void filename(String path, String value) {
        if (value.isBlank()) {
            problems.add(path, "must not be blank");
        } else if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            problems.add(path, "must be a file name, without a path");
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(path, "must not contain control characters");
        } else {
            problems.maxLength(path, value, FILENAME_MAX);
        }
    }
}
