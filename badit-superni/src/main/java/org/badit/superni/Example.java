package org.badit.superni;

/**
 * A positive or negative demonstration of a task.
 *
 * @param input the example input
 * @param output the example output
 * @param explanation why the output is right or wrong, or null when the task file gives none
 */
public record Example(String input, String output, String explanation) {}
