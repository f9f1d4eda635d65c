package org.badit.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.badit.core.model.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {

    @TempDir
    Path dir;

    @Test
    void byteTokenizerRoundTripsUtf8() {
        ByteTokenizer t = new ByteTokenizer();
        int[] ids = t.encode("héllo ✓");
        assertEquals(ByteTokenizer.BOS, ids[0]);
        assertEquals("héllo ✓", t.decode(ids));
        int[] withEos = java.util.Arrays.copyOf(ids, ids.length + 1);
        withEos[ids.length] = ByteTokenizer.EOS;
        assertEquals("<s>héllo ✓</s>", t.decode(withEos, false));
        assertEquals(List.of(257), t.eosIds());
        assertEquals(259, t.vocabSize());
    }

    @Test
    void hfTokenizerReadsSpecialTokensFromTheConfigFiles() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                            {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
                 "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "hello": 3, "world": 4},
                           "unk_token": "<unk>"}}""");
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": {"content": "<s>"}, "eos_token": "</s>"}""");
        Files.writeString(dir.resolve("generation_config.json"), """
                {"eos_token_id": [2, 4]}""");
        try (HfTokenizer t = HfTokenizer.open(dir)) {
            assertArrayEquals(new int[] {1, 3, 4}, t.encode("hello world"));
            assertArrayEquals(new int[] {3, 4, 0}, t.encode("hello world nope", false));
            assertEquals("hello world", t.decode(new int[] {1, 3, 4, 2}));
            assertEquals(1, t.bosId());
            assertEquals(List.of(2, 4), t.eosIds());
            assertEquals(2, t.padId());
            assertEquals(5, t.vocabSize());
        }
    }

    @Test
    void missingTokenizerIsNamed() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfTokenizer.open(dir));
        assertTrue(e.getMessage().contains("tokenizer.json: no such file"), e.getMessage());
    }
}
