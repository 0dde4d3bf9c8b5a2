#include "canvasexport.h"

#include "canvasscene.h"
#include "document.h"

#include "charts/chartexport.h"
#include "models/fields.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QSignalBlocker>
#include <QSvgGenerator>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace scalelab::gui {

namespace {

/// Components, connections and zones as designed while it lives: no run's
/// load, faults, outages or traffic, no model badges; put back as they were after.
class DesignedLook
{
public:
    explicit DesignedLook(CanvasScene& scene)
    {
        for (QGraphicsItem* i : scene.items()) {
            if (i->type() == ComponentItem::Type) {
                auto* c = static_cast<ComponentItem*>(i);
                m_components.push_back({c, c->live(), c->faulty(), c->model()});
                c->setLive(std::nullopt);
                c->setFaulty(false);
                c->setModel(std::nullopt);
            } else if (i->type() == ZoneItem::Type) {
                auto* z = static_cast<ZoneItem*>(i);
                m_zones.push_back({z, z->outage()});
                z->setOutage(false);
            } else if (i->type() == EdgeItem::Type) {
                auto* e = static_cast<EdgeItem*>(i);
                m_edges.push_back({e, e->traffic()});
                e->setTraffic(std::nullopt);
            }
        }
    }
    ~DesignedLook()
    {
        for (const auto& c : m_components) {
            c.item->setLive(c.live);
            c.item->setFaulty(c.faulty);
            c.item->setModel(c.model);
        }
        for (const auto& [zone, outage] : m_zones)
            zone->setOutage(outage);
        for (const auto& e : m_edges)
            e.item->setTraffic(e.traffic);
    }

private:
    struct Component
    {
        ComponentItem* item;
        std::optional<LiveState> live;
        bool faulty;
        std::optional<ModelState> model;
    };
    struct Edge
    {
        EdgeItem* item;
        std::optional<EdgeTraffic> traffic;
    };
    std::vector<Component> m_components;
    std::vector<Edge> m_edges;
    std::vector<std::pair<ZoneItem*, bool>> m_zones;
};

void render(CanvasScene& scene, QPainter& painter, QSize size, bool keepRunColours)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    // Selection outlines are for the editor, not for the picture.
    const QSignalBlocker quiet(&scene); // the selection is back as it was before anyone could look
    const auto selected = scene.selectedItems();
    for (auto* item : selected)
        item->setSelected(false);
    {
        std::optional<DesignedLook> designed;
        if (!keepRunColours)
            designed.emplace(scene);

        // The title: the study's name and the variant, a band over the drawing.
        const double titleHeight = std::clamp(size.height() * 0.06, 24.0, 72.0);
        QFont font = painter.font();
        font.setPixelSize(int(titleHeight * 0.5));
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(QColor(0x26, 0x32, 0x38));
        const QString study = QString::fromStdString(scene.document()->study().name);
        const QString title = study.isEmpty() ? scene.variant() : study + " — " + scene.variant();
        const QRectF titleBox(16.0, 0.0, size.width() - 32.0, titleHeight);
        painter.drawText(titleBox, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(font).elidedText(title, Qt::ElideRight, titleBox.width()));

        // The drawing fitted under the title, centred (render alone keeps it at the top left).
        const QRectF area(0.0, titleHeight, size.width(), size.height() - titleHeight);
        const QRectF source = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20);
        QRectF target(QPointF(), source.size().scaled(area.size(), Qt::KeepAspectRatio));
        target.moveCenter(area.center());
        scene.setPlainBackground(true);
        scene.render(&painter, target, source, Qt::IgnoreAspectRatio);
        scene.setPlainBackground(false);
    }
    for (auto* item : selected)
        item->setSelected(true);
}

} // namespace

bool exportCanvas(CanvasScene& scene, const QString& path, const QString& format, QSize size, QString* error,
                  bool keepRunColours)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (size.width() <= 0 || size.height() <= 0)
        return fail(QString("the size must be positive (got %1x%2)").arg(size.width()).arg(size.height()));
    if (format == "png") {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&image);
            render(scene, painter, size, keepRunColours);
        }
        return image.save(path, "PNG") || fail("cannot write " + path);
    }
    if (format == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle("ScaleLab canvas");
        QPainter painter;
        if (!painter.begin(&svg))
            return fail("cannot write " + path);
        render(scene, painter, size, keepRunColours);
        return (painter.end() && charts::sizeSvgInPixels(path, size.width(), size.height())) ||
               fail("cannot write " + path);
    }
    return fail("unknown canvas format '" + format + "': use png or svg");
}

} // namespace scalelab::gui
