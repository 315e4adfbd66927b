#pragma once

// Independent readers for tst_tag_writer: python3-mutagen, ffprobe, ffmpeg and a reader of the
// MP4 chapter text track, run as subprocesses; their answers as JSON.
#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtDebug>

namespace onair::test {

// Everything mutagen sees in a file, as JSON; binary data base64.
const char* const mutagenDump = R"PY(
import sys, json, base64
import mutagen
from mutagen.id3 import ID3
from mutagen.flac import Picture
path, kind = sys.argv[1], sys.argv[2]
b64 = lambda b: base64.b64encode(bytes(b)).decode()
out = {}
if kind == "mp3":
    t = ID3(path)
    out["version"] = list(t.version)
    out["text"] = {f.FrameID: str(f.text[0]) for f in t.values() if f.FrameID in
                   ("TIT2","TPE1","TALB","TRCK","TPOS","TYER","TDRC","TCON","TPUB","TCOP","TLAN")}
    out["comm"] = [[c.lang, str(c.text[0])] for c in t.getall("COMM")]
    out["woaf"] = [w.url for w in t.getall("WOAF")]
    out["apic"] = [[a.mime, int(a.type), b64(a.data)] for a in t.getall("APIC")]
    out["chap"] = [{"id": c.element_id, "start": c.start_time, "end": c.end_time,
                    "so": c.start_offset, "eo": c.end_offset,
                    "title": str(c.sub_frames["TIT2"].text[0]) if "TIT2" in c.sub_frames else None,
                    "url": [w.url for w in c.sub_frames.getall("WXXX")],
                    "apic": [b64(a.data) for a in c.sub_frames.getall("APIC")]}
                   for c in t.getall("CHAP")]
    out["ctoc"] = [{"id": c.element_id, "flags": int(c.flags),
                    "children": list(c.child_element_ids)} for c in t.getall("CTOC")]
elif kind == "opus":
    f = mutagen.File(path)
    out["comments"] = [[k, v] for k, v in f.tags]
    out["pictures"] = [[p.mime, p.type, b64(p.data)] for p in
                       (Picture(base64.b64decode(v)) for k, v in f.tags
                        if k.upper() == "METADATA_BLOCK_PICTURE")]
else:
    f = mutagen.File(path)
    tags = {}
    for k, v in f.tags.items():
        if k == "covr":
            tags[k] = [[int(c.imageformat), b64(c)] for c in v]
        elif k in ("trkn", "disk"):
            tags[k] = [list(x) for x in v]
        else:
            tags[k] = [x.decode() if isinstance(x, bytes) else str(x) for x in v]
    out["tags"] = tags
print(json.dumps(out))
)PY";

// The titles in an MP4's QuickTime chapter text track (what Apple clients read), taken from the
// sample tables (stco/co64, stsc, stsz): wrong chunk offsets after a tag write show up here.
const char* const quickTimeChapterTitles = R"PY(
import sys, struct, json
b = open(sys.argv[1], 'rb').read()
def atoms(s, e):
    while s + 8 <= e:
        n, t = struct.unpack('>I4s', b[s:s+8]); h = 8
        if n == 1: n = struct.unpack('>Q', b[s+8:s+16])[0]; h = 16
        yield t.decode('latin1'), s + h, s + n
        s += n
def find(s, e, path):
    for t, cs, ce in atoms(s, e):
        if t == path[0]:
            if len(path) == 1: return cs, ce
            r = find(cs, ce, path[1:])
            if r: return r
moov = find(0, len(b), ['moov'])
out = []
for t, cs, ce in atoms(*moov):
    if t != 'trak': continue
    hs, he = find(cs, ce, ['mdia', 'hdlr'])
    if b[hs+8:hs+12] != b'text': continue
    ss, se = find(cs, ce, ['mdia', 'minf', 'stbl', 'stsz'])
    size, count = struct.unpack('>II', b[ss+4:ss+12])
    sizes = [size]*count if size else list(struct.unpack('>%dI' % count, b[ss+12:ss+12+4*count]))
    co = find(cs, ce, ['mdia', 'minf', 'stbl', 'stco'])
    fmt = 'I'
    if not co: co = find(cs, ce, ['mdia', 'minf', 'stbl', 'co64']); fmt = 'Q'
    n = struct.unpack('>I', b[co[0]+4:co[0]+8])[0]
    offs = struct.unpack('>%d%s' % (n, fmt), b[co[0]+8:co[0]+8+n*struct.calcsize(fmt)])
    st = find(cs, ce, ['mdia', 'minf', 'stbl', 'stsc'])
    m = struct.unpack('>I', b[st[0]+4:st[0]+8])[0]
    runs = [struct.unpack('>III', b[st[0]+8+12*i:st[0]+20+12*i]) for i in range(m)]
    k = 0
    for c, o in enumerate(offs, 1):
        per = [r[1] for r in runs if r[0] <= c][-1]
        for _ in range(per):
            ln = struct.unpack('>H', b[o:o+2])[0]
            out.append(b[o+2:o+2+ln].decode('utf-8'))
            o += sizes[k]; k += 1
print(json.dumps(out, ensure_ascii=False))
)PY";

inline QString run(const QString& program, const QStringList& args, int* exitCode = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        qWarning() << program << "did not finish";
    }
    if (exitCode != nullptr) {
        *exitCode = p.exitCode();
    } else if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning().noquote() << program << args.join(' ') << "failed:" << p.readAllStandardError();
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}

inline QJsonObject mutagen(const QString& path, const char* kind) {
    const auto text = run("/usr/bin/python3", {"-c", mutagenDump, path, kind});
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

inline QJsonArray ffprobeChapters(const QString& path) {
    const auto text = run("ffprobe", {"-v", "error", "-show_chapters", "-of", "json", path});
    return QJsonDocument::fromJson(text.toUtf8()).object().value("chapters").toArray();
}

inline QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString b64(const QString& path) {
    return QString::fromLatin1(fileBytes(path).toBase64());
}

// FFmpeg decodes the whole file without a complaint.
inline bool decodesCleanly(const QString& path) {
    QProcess p;
    p.start("ffmpeg", {"-v", "error", "-i", path, "-f", "null", "-"});
    p.waitForFinished(120000);
    const auto errors = p.readAllStandardError();
    if (!errors.isEmpty()) {
        qWarning().noquote() << path << errors;
    }
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0 && errors.isEmpty();
}

} // namespace onair::test
