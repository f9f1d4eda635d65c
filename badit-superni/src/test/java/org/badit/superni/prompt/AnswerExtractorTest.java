package org.badit.superni.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The answer is the text after the last "Output:". */
class AnswerExtractorTest {

    @Test
    void afterLastOutputMarker() {
        assertEquals("positive", AnswerExtractor.answer("Def\nInput: x\nOutput: a\nInput: y\nOutput:  positive \n"));
        assertEquals("just this", AnswerExtractor.answer("  just this\u00a0"));
        assertEquals("", AnswerExtractor.answer("Output:"));
    }
}
