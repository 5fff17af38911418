package io.infrakit.docker;

/**
 * An image name split the way the pull API wants it: {@code registry:5000/team/app:1.2} is
 * repository {@code registry:5000/team/app} and tag {@code 1.2}; a digest ({@code app@sha256:...})
 * is passed as the tag; no tag means {@code latest}.
 */
record ImageReference(String repository, String tag) {

    static ImageReference parse(String image) {
        int at = image.indexOf('@');
        if (at > 0) {
            return new ImageReference(image.substring(0, at), image.substring(at + 1));
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageReference(image, "latest");
    }
}
