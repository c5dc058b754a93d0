package org.hybridchat.server.knowledge;

/**
 * The dictionaries the index holds, with what an answer quoting them must say: where the text
 * comes from and under which terms, so that a reply can cite it.
 */
public enum Source {
    FOLDOC("foldoc", "The Free On-line Dictionary of Computing", "https://foldoc.org/",
            "GNU Free Documentation License 1.1 or later", "https://www.gnu.org/licenses/fdl-1.3.html"),
    JARGON("jargon", "The Jargon File 4.4.7", "http://catb.org/jargon/",
            "Public domain", "http://catb.org/jargon/");

    private final String resourceName;
    private final String dictionaryName;
    private final String homepage;
    private final String license;
    private final String licenseUrl;

    Source(String resourceName, String dictionaryName, String homepage, String license, String licenseUrl) {
        this.resourceName = resourceName;
        this.dictionaryName = dictionaryName;
        this.homepage = homepage;
        this.license = license;
        this.licenseUrl = licenseUrl;
    }

    /** The dictd base name: NAME.index and NAME.dict.dz. */
    String resourceName() {
        return resourceName;
    }

    public String dictionaryName() {
        return dictionaryName;
    }

    public String homepage() {
        return homepage;
    }

    public String license() {
        return license;
    }

    public String licenseUrl() {
        return licenseUrl;
    }
}
