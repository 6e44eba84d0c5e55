/** One service on one day, as the agent plans it in the morning. */
export interface DashboardServiceDay {
  serviceId: number;
  service: string;
  structure: string;
  /** Children booked or regular that day (none on a closed day). */
  expected: number;
  /** Absences the families declared for that day. */
  absences: number;
  /** Billed by the meal: the count is what the kitchen is asked for. */
  meals: boolean;
  closed: boolean;
  capacity: number | null;
}

export interface DashboardDay {
  date: string;
  services: DashboardServiceDay[];
  /** Meals to order from the kitchen that day: the expected children of the meal services. */
  mealsToOrder: number;
}

export interface StaffDashboard {
  /** Today, then the next working day. */
  days: DashboardDay[];
  pendingRequests: {
    count: number;
    oldest: Array<{ id: number; familyId: number; familyName: string; category: string; childName: string; createdAt: string }>;
  };
  unreadMessages: { count: number; byStructure: Array<{ structure: string; unread: number }> };
  overdueInvoices: { count: number; remainingCents: number };
  /** Days of the next two weeks where a service is at 90 % of its capacity or more. */
  nearCapacity: Array<{ serviceId: number; service: string; date: string; booked: number; capacity: number }>;
  /** CAF quotients that end within a month: the family must bring the new one. */
  quotientsExpiring: { count: number; families: Array<{ familyId: number; familyName: string; validTo: string }> };
}
