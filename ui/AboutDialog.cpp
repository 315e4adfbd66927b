#include "ui/AboutDialog.h"

#include "app/OnAirVersion.h"
#include "app/VersionReport.h"
#include "ui/UiResources.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace onair::ui {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent) {
    ensureUiResources();
    setWindowTitle(tr("About OnAir"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/onair.svg")).pixmap(64, 64));
    auto* title = new QLabel(tr("<h2>OnAir %1</h2><p>Record, edit and export podcast episodes.<br>"
                                "The script and the recording are one thing.</p>")
                                 .arg(QStringLiteral(ONAIR_VERSION)),
                             this);

    const auto libs = app::linkedLibraryVersions();
    table_ = new QTableWidget(static_cast<int>(libs.size()), 3, this);
    table_->setObjectName(QStringLiteral("libraryTable"));
    table_->setHorizontalHeaderLabels({tr("Library"), tr("Version"), tr("Used for")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    for (int row = 0; row < static_cast<int>(libs.size()); ++row) {
        const auto& lib = libs[static_cast<size_t>(row)];
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(lib.name)));
        table_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(lib.version)));
        table_->setItem(row, 2, new QTableWidgetItem(QString::fromStdString(lib.purpose)));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("Copy to Clipboard"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(reportText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* header = new QHBoxLayout;
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addWidget(title, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(table_);
    layout->addWidget(buttons);
    resize(720, 380);
}

QString AboutDialog::reportText() const {
    return app::versionReport();
}

} // namespace onair::ui
