package dev.stepwise.flowfile;

/**
 * One thing wrong with a flow file, at a place in it.
 *
 * @param file    the file name as given to the loader
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when unknown
 * @param message what is wrong and how to fix it
 */
public record Problem(String file, int line, int column, String message) {

    /** {@code file:line:col: message}, the form compilers and editors understand. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
