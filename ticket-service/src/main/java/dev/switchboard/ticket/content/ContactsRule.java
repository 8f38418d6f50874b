package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.CONTACTS_MAX;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** {@code {"type":"contacts","contacts":[…Cloud API contact objects…]}}: 1 to 257 contacts, each with a formatted name. */
record ContactsRule(Problems problems) {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");


    void check(JsonNode contacts) {
        problems.size(contacts, "contacts", "contact", CONTACTS_MAX);
        problems.eachObject(contacts, "contacts", this::contact);
    }

    private void contact(JsonNode contact, String path) {
        JsonNode name = problems.object(contact, path, "name", true);
        if (name != null) {
            problems.nonBlank(name, path + ".name", "formatted_name", true);
            strings(name, path + ".name", "first_name", "last_name", "middle_name", "prefix", "suffix");
        }
        objects(contact, path, "phones", "phone", "wa_id", "type");
        objects(contact, path, "emails", "email", "type");
        objects(contact, path, "urls", "url", "type");
        objects(contact, path, "addresses", "street", "city", "state", "zip", "country", "country_code", "type");
        JsonNode org = problems.object(contact, path, "org", false);
        if (org != null) {
            strings(org, path + ".org", "company", "department", "title");
        }
        String birthday = problems.string(contact, path, "birthday", false);
        if (birthday != null && !isDate(birthday)) {
            problems.add(path + ".birthday", "must be a date as YYYY-MM-DD");
        }
    }

    /** An optional array of objects whose listed fields, when present, are strings. */
    private void objects(JsonNode parent, String parentPath, String name, String... stringFields) {
        JsonNode array = problems.array(parent, parentPath, name, false);
        if (array != null) {
            problems.eachObject(array, Problems.join(parentPath, name),
                    (element, path) -> strings(element, path, stringFields));
        }
    }

    /** Optional string fields. */
    private void strings(JsonNode parent, String parentPath, String... names) {
        for (String name : names) {
            problems.string(parent, parentPath, name, false);
        }
    }

    private static boolean isDate(String value) {
        if (!DATE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
