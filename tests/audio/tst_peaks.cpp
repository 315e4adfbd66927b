#include <QTest>
class TestPeaks : public QObject {
    Q_OBJECT
};
QTEST_GUILESS_MAIN(TestPeaks)
#include "tst_peaks.moc"
