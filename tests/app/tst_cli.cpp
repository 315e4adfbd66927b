// The CLI in-process: exit codes, usage and version text. The subprocess tests in e2e/ run the
// real binary.
#include "app/Cli.h"

#include <QTest>

using onair::app::Cli;

namespace {

struct Result {
    int code;
    QString out;
    QString err;
};

Result runCli(const QStringList& args) {
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    Cli cli(outStream, errStream);
    const int code = cli.run(QStringList{"onair-cli"} + args);
    outStream.flush();
    errStream.flush();
    return {code, out, err};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionListsOnAirAndEveryLibrary() {
        for (const QString& flag : {QStringLiteral("--version"), QStringLiteral("-v")}) {
            const Result r = runCli({flag});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.startsWith(QStringLiteral("OnAir ")));
            for (const char* lib :
                 {"Qt", "PortAudio", "libsndfile", "FFmpeg", "TagLib", "libebur128"}) {
                QVERIFY2(r.out.contains(QLatin1String(lib)), lib);
            }
            QVERIFY(r.err.isEmpty());
        }
    }

    void helpGoesToStdoutAndSucceeds() {
        const Result r = runCli({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("Usage: onair-cli")));
        QVERIFY(r.out.contains(QStringLiteral("devices")));
    }

    void usageErrorsExitWithTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << "no command given";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
        QTest::newRow("unknown option") << QStringList{"--bogus"} << "Unknown option";
        QTest::newRow("unknown command option")
            << QStringList{"devices", "--bogus"} << "Unknown option";
        QTest::newRow("stray argument") << QStringList{"devices", "extra"} << "unexpected";
    }

    void usageErrorsExitWithTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = runCli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("Usage:")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void commandHelp() {
        const Result r = runCli({"devices", "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("devices [--json]")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
