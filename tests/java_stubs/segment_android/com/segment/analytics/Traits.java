package com.segment.analytics;

import java.util.Date;

/** Signatures copied from segmentio/analytics-android Traits.java. */
public class Traits extends ValueMap {
    @Override public Traits putValue(String key, Object value) { return this; }
    public Traits putEmail(String email) { return this; }
    public Traits putName(String name) { return this; }
    public Traits putFirstName(String firstName) { return this; }
    public Traits putLastName(String lastName) { return this; }
    public Traits putPhone(String phone) { return this; }
    public Traits putUsername(String username) { return this; }
    public Traits putAge(int age) { return this; }
    public Traits putBirthday(Date birthday) { return this; }
    public Traits putGender(String gender) { return this; }
    public Traits putTitle(String title) { return this; }
    public Traits putAvatar(String avatar) { return this; }
    public Traits putCreatedAt(String createdAt) { return this; }
    public Traits putDescription(String description) { return this; }
    public Traits putWebsite(String website) { return this; }
    public Traits putFax(String fax) { return this; }
    public Traits putEmployees(long employees) { return this; }
    public Traits putIndustry(String industry) { return this; }
}
