"""Unicode ranges of the scripts the stages treat apart (one place: render, typography, typeset)."""

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"  # CJK ideographs, extensions
KANA = "\u3040-\u30ff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"  # CJK symbols and punctuation, full-width forms
HANGUL_SYLLABLES = "\uac00-\ud7af"
HANGUL = "\u1100-\u11ff\u3130-\u318f" + HANGUL_SYLLABLES  # jamo, compatibility jamo, syllables
# Khmer (+ symbols), Myanmar (+ extended A), Lao: written without spaces between words
DICTIONARY_BROKEN = "\u1780-\u17ff\u19e0-\u19ff\u1000-\u109f\uaa60-\uaa7f\u0e80-\u0eff"

# A Korean "word" longer than this is not kept unbreakable (render wraps none in a no-break span,
# typeset lets Pango break it): no real word is, and one that long (a paste error, a run of
# syllables without spaces) would run off the page instead of wrapping.
LONGEST_WORD = 20
