package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.LATITUDE_MAX;
import static dev.switchboard.ticket.content.ContentLimits.LONGITUDE_MAX;
import static dev.switchboard.ticket.content.Problems.present;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

/** {@code {"type":"location","location":{"latitude","longitude","name","address"}}}. */
record LocationRule(Problems problems) {

    void check(JsonNode location) {
        coordinate(location, "latitude", LATITUDE_MAX);
        coordinate(location, "longitude", LONGITUDE_MAX);
        problems.string(location, "location", "name", false);
        problems.string(location, "location", "address", false);
    }

    private void coordinate(JsonNode location, String name, double max) {
        String path = "location." + name;
        JsonNode node = location.get(name);
        if (!present(node)) {
            problems.add(path, "is required");
            return;
        }
        Double value = number(node);
        if (value == null) {
            problems.add(path, "must be a number");
        } else if (value < -max || value > max) {
            problems.add(path, "must be between " + (int) -max + " and " + (int) max);
        }
    }

    /** A JSON number, or a string holding a decimal number (Meta's own examples quote coordinates); null otherwise. */
    static Double number(JsonNode node) {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().strip()).doubleValue();
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(value) ? value : null;
    }
}
