//! The one way a purchase enters: the order and its hold are committed, then the supplier is
//! called on a task the desk tracks, so the caller hears "placed" at once and shutdown waits for
//! every request already sent.
use super::{BuyerAndProduct, Orders, PlaceError, Placed, PurchaseRequest};

impl Orders {
    /// Opens the order and sends it to the supplier in the background. Returns as soon as the
    /// order and its hold are committed; the supplier's answer reaches the reseller through the
    /// outbox. A message that already placed an order places nothing and gets that order back.
    pub async fn purchase(&self, req: &PurchaseRequest) -> Result<Placed, PlaceError> {
        self.purchase_read(req, None).await
    }

    /// As [`Orders::purchase`], with the buyer and product already read for this request (see
    /// [`crate::orders::queries::purchase_precheck`]), which saves opening the order one read.
    pub async fn purchase_read(
        &self,
        req: &PurchaseRequest,
        read: Option<BuyerAndProduct>,
    ) -> Result<Placed, PlaceError> {
        let placed = self.open_read(req, read).await?;
        if placed.new {
            let orders = self.clone();
            let order = placed.order.clone();
            self.in_flight.spawn(async move {
                if let Err(e) = orders.submit(&order).await {
                    // The order stays `sending`; recovery marks it unknown and admins settle it.
                    tracing::error!(trxid = %order.trxid, error = %e, "supplier answer not recorded");
                }
            });
        }
        Ok(placed)
    }

    /// As [`Orders::purchase`], but returns only once the supplier's synchronous answer is
    /// recorded (for callers that need the order as it then stands; the final result comes
    /// later by callback).
    pub async fn place(&self, req: &PurchaseRequest) -> Result<Placed, PlaceError> {
        let placed = self.open(req).await?;
        if !placed.new {
            return Ok(placed);
        }
        let order = self.submit(&placed.order).await?;
        Ok(Placed { order, new: true })
    }

    /// Takes no more background supplier calls and waits for those already started, so that
    /// none is cut off between the supplier's answer and its record.
    pub async fn finish_in_flight(&self) {
        self.in_flight.close();
        self.in_flight.wait().await;
    }
}
