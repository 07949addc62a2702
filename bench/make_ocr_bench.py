"""The pages of bench/ocr.sh, written by tests/fixtures/scans/make_scans.py
--bench DIR: per language, pages of sentences we control, clean, skewed and
noisy, as PNG files and as image-only PDFs; with DIR/words.tsv listing the
words of each page (file, page, language, word) that word recall counts."""
import os

EN = [
    "The Joseon dynasty ruled the peninsula for five centuries.",
    "Historians read the archive of the harbour board every winter.",
    "A cormorant rested on the pier while the delegates spoke.",
    "The treaty was signed after long negotiations in the capital.",
    "Farmers planted barley and millet along the northern river.",
    "The lighthouse keeper recorded storms, ships and tides.",
    "Newspapers reported the election results the next morning.",
    "The museum opened a gallery of ceramics and lacquerware.",
]
KO = [
    "조선 왕조는 오백 년 동안 한반도를 다스렸다.",
    "서울에서 대통령이 국민에게 연설하였다.",
    "국회는 새로운 법안을 통과시켰다.",
    "한국과 일본의 관계는 역사적으로 복잡하다.",
    "경제 협력이 중요하다고 장관이 말했다.",
    "학생들은 도서관에서 신문을 읽었다.",
    "독도 문제를 두고 외교 회담이 열렸다.",
    "농민들은 봄에 쌀과 보리를 심었다.",
]
JA = [
    "東京で首相が記者会見を開いた。",
    "外務大臣も会談に同席した。",
    "江戸時代の商人は米を取引した。",
    "図書館には古い新聞が保存されている。",
    "京都の寺院は観光客で賑わった。",
    "経済協力について両国が合意した。",
    "研究者は史料を丁寧に読んだ。",
    "港の灯台は嵐の夜も光っていた。",
]
ZH_SIM = [
    "中华人民共和国成立于一九四九年。",
    "北京是中国的首都和文化中心。",
    "历史学家在档案馆里阅读报纸。",
    "两国政府签订了经济合作协议。",
    "农民在春天种植水稻和小麦。",
    "博物馆展出了古代陶瓷和书法。",
]
ZH_TRA = [
    "臺北市立圖書館藏書豐富。",
    "臺灣的首都是臺北。",
    "歷史學家在檔案館裡閱讀報紙。",
    "兩國政府簽訂了經濟合作協議。",
    "博物館展出了古代陶瓷和書法。",
    "學生們在圖書館學習歷史。",
]


def words(lang, lines):
    """The words recall counts: Latin words of 4+ letters; for CJK, every
    two-character piece of the text without punctuation (the index's
    bigrams: what a search for a two-character word needs); for Korean,
    the space-separated words without their particles' punctuation."""
    out = []
    for line in lines:
        if lang == "eng":
            out += [w.strip(".,;:") for w in line.split() if len(w.strip(".,;:")) >= 4]
        elif lang == "kor":
            out += [w.strip(".,") for w in line.split() if len(w.strip(".,")) >= 2]
        else:
            t = "".join(c for c in line if c not in "。、，")
            out += [t[i:i + 2] for i in range(0, len(t) - 1, 2)]
    return out


def make(dir, page, vertical_page, skew, noise, bilevel, img2pdf, FACE, CJK, SERIF_CJK):
    os.makedirs(dir, exist_ok=True)
    rows = []
    sets = [("eng", EN, None, None), ("kor", KO, CJK, FACE["ko"]), ("jpn", JA, CJK, FACE["ja"]),
            ("chi_sim", ZH_SIM, CJK, FACE["zh_sim"]), ("chi_tra", ZH_TRA, SERIF_CJK, FACE["zh_tra"])]
    pdf_pages = []
    for lang, lines, font, face in sets:
        kw = {} if font is None else {"font": font, "face": face}
        clean = page(lines, size=34, width=1300, **kw)
        for variant, im in [("clean", clean), ("skewed", skew(clean, 3)), ("noisy", noise(clean.copy(), 0.01, 3))]:
            name = f"{lang}-{variant}.png"
            bilevel(im).save(os.path.join(dir, name), dpi=(200, 200))
            rows += [(name, 1, lang, w) for w in words(lang, lines)]
        pdf_pages.append((clean, lang, lines))
    img2pdf([p for p, _, _ in pdf_pages], "ocr-bench-scan.pdf")
    os.replace(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "scans",
                            "ocr-bench-scan.pdf"), os.path.join(dir, "scan.pdf"))
    for i, (_, lang, lines) in enumerate(pdf_pages):
        rows += [("scan.pdf", i + 1, lang, w) for w in words(lang, lines)]
    vert = vertical_page([l.rstrip("。") for l in JA[:4]], FACE["ja"])
    bilevel(vert).save(os.path.join(dir, "jpn-vertical.png"), dpi=(200, 200))
    rows += [("jpn-vertical.png", 1, "jpn_vert", w) for w in words("jpn", JA[:4])]
    with open(os.path.join(dir, "words.tsv"), "w") as f:
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
