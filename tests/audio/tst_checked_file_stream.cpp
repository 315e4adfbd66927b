// CheckedFileStream, the TagLib stream TagWriter saves through: insert and remove move the rest
// of the file in 1 MiB pieces, so files of several MiB (an hour of MP3 is 57 MB) are compared
// byte for byte with the same edit done in memory; a write past a file size limit (EFBIG, the
// process's own RLIMIT_FSIZE lowered for a moment) is reported and stops further writes.
#include "audio/CheckedFileStream.h"

#include <QByteArray>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <sys/resource.h>

using onair::audio::CheckedFileStream;

namespace {

QByteArray randomBytes(qsizetype size) {
    QByteArray bytes(size, '\0');
    QRandomGenerator generator(42);
    for (auto& b : bytes) {
        b = char(generator.bounded(256));
    }
    return bytes;
}

TagLib::ByteVector vector(const QByteArray& bytes) {
    return TagLib::ByteVector(bytes.constData(), unsigned(bytes.size()));
}

} // namespace

class TestCheckedFileStream : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString writeFile(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(bytes);
        return path;
    }

    static QByteArray readFile(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    // Growing, same size and shrinking replacements near the start of a 3.5 MiB file (the
    // tail moves in four pieces), and a removal: the file is what QByteArray::replace makes.
    void insertAndRemoveMatchMemory_data() {
        QTest::addColumn<qsizetype>("start");
        QTest::addColumn<qsizetype>("replace");
        QTest::addColumn<qsizetype>("insert");
        QTest::newRow("grow by 300 kB") << qsizetype(10) << qsizetype(100) << qsizetype(300000);
        QTest::newRow("grow by 1 byte") << qsizetype(0) << qsizetype(0) << qsizetype(1);
        QTest::newRow("same size") << qsizetype(4096) << qsizetype(512) << qsizetype(512);
        QTest::newRow("shrink") << qsizetype(4096) << qsizetype(200000) << qsizetype(7);
        QTest::newRow("remove") << qsizetype(1000) << qsizetype(1500000) << qsizetype(0);
        QTest::newRow("at the end") << qsizetype(3670016) << qsizetype(0) << qsizetype(5000);
    }
    void insertAndRemoveMatchMemory() {
        QFETCH(qsizetype, start);
        QFETCH(qsizetype, replace);
        QFETCH(qsizetype, insert);
        QByteArray expected = randomBytes(3 * 1024 * 1024 + 512 * 1024);
        const QString path = writeFile("edit.bin", expected);
        const QByteArray data = QByteArray(insert, 'T');
        {
            CheckedFileStream stream(path.toStdString());
            QVERIFY(stream.isOpen());
            if (insert == 0) {
                stream.removeBlock(static_cast<unsigned long>(start),
                                   static_cast<unsigned long>(replace));
            } else {
                stream.insert(vector(data), static_cast<unsigned long>(start),
                              static_cast<unsigned long>(replace));
            }
            QCOMPARE(stream.error(), 0);
            QCOMPARE(stream.length(), long(expected.size() - replace + insert));
        }
        expected.replace(start, replace, data);
        const QByteArray actual = readFile(path);
        QCOMPARE(actual.size(), expected.size());
        QVERIFY(actual == expected);
    }

    void readSeekAndWrite() {
        const QByteArray bytes = randomBytes(10000);
        const QString path = writeFile("rw.bin", bytes);
        CheckedFileStream stream(path.toStdString());
        stream.seek(-100, TagLib::IOStream::End);
        QCOMPARE(stream.tell(), 9900L);
        const TagLib::ByteVector tail = stream.readBlock(1000); // short: the end of the file
        QCOMPARE(QByteArray(tail.data(), int(tail.size())), bytes.right(100));
        QCOMPARE(stream.tell(), 10000L);
        stream.seek(10);
        stream.writeBlock(vector("abc"));
        stream.seek(2, TagLib::IOStream::Current);
        QCOMPARE(stream.tell(), 15L);
        stream.truncate(20);
        QCOMPARE(stream.length(), 20L);
        QCOMPARE(stream.error(), 0);
        QByteArray expected = bytes.left(20);
        expected.replace(10, 3, "abc");
        QCOMPARE(readFile(path), expected);
    }

    // A file that may not grow past 64 kB: growing it fails with EFBIG before anything inside
    // was moved, and later writes are refused.
    void failedWriteIsReported() {
        const QByteArray bytes = randomBytes(60000);
        const QString path = writeFile("limit.bin", bytes);
        rlimit before{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &before), 0);
        const auto previous = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = before;
        limited.rlim_cur = 64 * 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
        int error = 0;
        {
            CheckedFileStream stream(path.toStdString());
            stream.insert(vector(QByteArray(10000, 'T')), 100, 0);
            error = stream.error();
            stream.seek(0);
            stream.writeBlock(vector("x"));
        }
        ::setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, previous);
        QCOMPARE(error, EFBIG);
        QVERIFY(readFile(path).left(100) == bytes.left(100)); // the later write was refused
        QVERIFY(readFile(path).left(60000) == bytes);         // nothing was moved
        CheckedFileStream missing(dir_.filePath("missing.bin").toStdString());
        QVERIFY(!missing.isOpen());
        QCOMPARE(missing.error(), ENOENT);
    }
};

QTEST_GUILESS_MAIN(TestCheckedFileStream)
#include "tst_checked_file_stream.moc"
