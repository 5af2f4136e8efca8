package ingest

// The structs below decode the parts of OpenTravel 2003/05+ messages that Hearth uses; everything else is skipped by
// encoding/xml, since OTA documents are large and senders fill them differently. Card holder names and CVVs
// (SeriesCode) have no field here on purpose: they are never decoded into memory. Tags name no namespace, so
// prefixed and unprefixed documents both decode.

// otaRQ is the root of every supported request.
type otaRQ struct {
	EchoToken    string `xml:"EchoToken,attr"`
	TimeStamp    string `xml:"TimeStamp,attr"`
	Version      string `xml:"Version,attr"`
	SequenceNmbr string `xml:"SequenceNmbr,attr"`
	ResStatus    string `xml:"ResStatus,attr"`

	HotelReservations []otaReservation `xml:"HotelReservations>HotelReservation"` // OTA_HotelResNotifRQ
	HotelResModifies  []otaReservation `xml:"HotelResModifies>HotelResModify"`    // OTA_HotelResModifyNotifRQ
	StayInfos         *otaStayInfos    `xml:"StayInfos"`                          // OTA_HotelStayInfoNotifRQ
	UniqueIDs         []otaUniqueID    `xml:"UniqueID"`                           // OTA_ProfileCreateRQ
	Profile           *otaProfile      `xml:"Profile"`                            // OTA_ProfileCreateRQ
}

type otaUniqueID struct {
	Type    string `xml:"Type,attr"`
	ID      string `xml:"ID,attr"`
	Context string `xml:"ID_Context,attr"`
}

type otaReservation struct {
	ResStatus          string           `xml:"ResStatus,attr"`
	CreateDateTime     string           `xml:"CreateDateTime,attr"`
	LastModifyDateTime string           `xml:"LastModifyDateTime,attr"`
	UniqueIDs          []otaUniqueID    `xml:"UniqueID"`
	RoomStays          []otaRoomStay    `xml:"RoomStays>RoomStay"`
	ResGuests          []otaResGuest    `xml:"ResGuests>ResGuest"`
	Global             otaResGlobalInfo `xml:"ResGlobalInfo"`
}

type otaRoomStay struct {
	MarketCode       string            `xml:"MarketCode,attr"`
	SourceOfBusiness string            `xml:"SourceOfBusiness,attr"`
	RoomTypes        []otaRoomType     `xml:"RoomTypes>RoomType"`
	RatePlans        []otaRatePlan     `xml:"RatePlans>RatePlan"`
	RoomRates        []otaRatePlan     `xml:"RoomRates>RoomRate"`
	TimeSpan         *otaTimeSpan      `xml:"TimeSpan"`
	Total            *otaTotal         `xml:"Total"`
	Guarantees       []otaPaymentCard  `xml:"Guarantee>GuaranteesAccepted>GuaranteeAccepted>PaymentCard"`
	Property         *otaBasicProperty `xml:"BasicPropertyInfo"`
}

type otaRoomType struct {
	RoomTypeCode string `xml:"RoomTypeCode,attr"`
	RoomID       string `xml:"RoomID,attr"`
}

type otaRatePlan struct {
	RatePlanCode string `xml:"RatePlanCode,attr"`
}

type otaTimeSpan struct {
	Start    string `xml:"Start,attr"`
	End      string `xml:"End,attr"`
	Duration string `xml:"Duration,attr"`
}

// otaTotal is OTA's TotalType; otaAmount's CurrencyAmountGroup with both tax variants.
type otaTotal struct {
	AmountAfterTax  string `xml:"AmountAfterTax,attr"`
	AmountBeforeTax string `xml:"AmountBeforeTax,attr"`
	CurrencyCode    string `xml:"CurrencyCode,attr"`
	DecimalPlaces   string `xml:"DecimalPlaces,attr"`
}

type otaBasicProperty struct {
	HotelCode string `xml:"HotelCode,attr"`
}

type otaResGlobalInfo struct {
	Total      *otaTotal         `xml:"Total"`
	Guarantees []otaPaymentCard  `xml:"Guarantee>GuaranteesAccepted>GuaranteeAccepted>PaymentCard"`
	Deposits   []otaPaymentCard  `xml:"DepositPayments>GuaranteePayment>AcceptedPayments>AcceptedPayment>PaymentCard"`
	ResIDs     []otaHotelResID   `xml:"HotelReservationIDs>HotelReservationID"`
	Property   *otaBasicProperty `xml:"BasicPropertyInfo"`
	Profiles   []otaProfileInfo  `xml:"Profiles>ProfileInfo"` // company and travel agent profiles
}

type otaHotelResID struct {
	Type  string `xml:"ResID_Type,attr"`
	Value string `xml:"ResID_Value,attr"`
}

type otaResGuest struct {
	PrimaryIndicator string           `xml:"PrimaryIndicator,attr"`
	Profiles         []otaProfileInfo `xml:"Profiles>ProfileInfo"`
}

type otaProfileInfo struct {
	UniqueIDs []otaUniqueID `xml:"UniqueID"`
	Profile   otaProfile    `xml:"Profile"`
}

type otaProfile struct {
	ProfileType string          `xml:"ProfileType,attr"`
	Customer    *otaCustomer    `xml:"Customer"`
	CompanyInfo *otaCompanyInfo `xml:"CompanyInfo"` // company (ProfileType 3) and travel agent (4) profiles
	// PrefCollections is a pointer so that a profile without the element (says nothing) differs from one with an
	// empty element (has no preferences any more).
	PrefCollections *otaPrefCollections `xml:"PrefCollections"`
}

type otaPrefCollections struct {
	Collections []otaPrefCollection `xml:"PrefCollection"`
}

type otaPrefCollection struct {
	Common []otaCommonPref `xml:"CommonPref"`
	Hotel  []otaHotelPref  `xml:"HotelPref"`
}

type otaCommonPref struct {
	SpecRequests []otaPref `xml:"SpecRequestPref"`
	OtherSrvc    []otaPref `xml:"OtherSrvcPref"`
}

type otaHotelPref struct {
	RoomLocations []otaPref `xml:"RoomLocationPref"`
	BedTypes      []otaPref `xml:"BedTypePref"`
	RoomAmenities []otaPref `xml:"RoomAmenityPref"`
	Meals         []otaPref `xml:"MealPref"`
	FoodSrvcs     []otaPref `xml:"FoodSrvcPref"`
	SpecRequests  []otaPref `xml:"SpecRequestPref"`
}

// otaPref is any OTA preference element: its code attribute (one per element type) and its text.
type otaPref struct {
	PreferLevel      string `xml:"PreferLevel,attr"`
	RoomLocationType string `xml:"RoomLocationType,attr"`
	BedType          string `xml:"BedType,attr"`
	RoomAmenity      string `xml:"RoomAmenity,attr"`
	MealType         string `xml:"MealType,attr"`
	Name             string `xml:"Name,attr"`
	Text             string `xml:",chardata"`
}

type otaCompanyInfo struct {
	CompanyNames []otaCompanyName `xml:"CompanyName"`
	Addresses    []otaAddressInfo `xml:"AddressInfo"`
}

type otaCompanyName struct {
	Code        string `xml:"Code,attr"`
	CodeContext string `xml:"CodeContext,attr"`
	Name        string `xml:",chardata"`
}

type otaAddressInfo struct {
	Lines      []string       `xml:"AddressLine"`
	City       string         `xml:"CityName"`
	PostalCode string         `xml:"PostalCode"`
	Country    otaCountryName `xml:"CountryName"`
}

type otaCustomer struct {
	Language     string           `xml:"Language,attr"`
	PersonNames  []otaPersonName  `xml:"PersonName"`
	Telephones   []otaTelephone   `xml:"Telephone"`
	Emails       []otaEmail       `xml:"Email"`
	Addresses    []otaAddress     `xml:"Address"`
	Loyalty      []otaCustLoyalty `xml:"CustLoyalty"`
	PaymentCards []otaPaymentCard `xml:"PaymentForm>PaymentCard"`
}

type otaPersonName struct {
	GivenNames []string `xml:"GivenName"`
	Surname    string   `xml:"Surname"`
}

type otaTelephone struct {
	PhoneNumber       string `xml:"PhoneNumber,attr"`
	CountryAccessCode string `xml:"CountryAccessCode,attr"`
	AreaCityCode      string `xml:"AreaCityCode,attr"`
	PhoneTechType     string `xml:"PhoneTechType,attr"`
	DefaultInd        string `xml:"DefaultInd,attr"`
}

type otaEmail struct {
	Address    string `xml:",chardata"`
	DefaultInd string `xml:"DefaultInd,attr"`
}

type otaAddress struct {
	Country otaCountryName `xml:"CountryName"`
}

type otaCountryName struct {
	Code string `xml:"Code,attr"`
	Name string `xml:",chardata"`
}

type otaCustLoyalty struct {
	ProgramID    string `xml:"ProgramID,attr"`
	MembershipID string `xml:"MembershipID,attr"`
}

// otaPaymentCard holds only the card number, in its attribute (OTA ≤ 2009) or element (PlainText, later) form.
type otaPaymentCard struct {
	NumberAttr string `xml:"CardNumber,attr"`
	Number     struct {
		PlainText string `xml:"PlainText"`
		Text      string `xml:",chardata"`
	} `xml:"CardNumber"`
}

func (c otaPaymentCard) number() string {
	switch {
	case c.NumberAttr != "":
		return c.NumberAttr
	case c.Number.PlainText != "":
		return c.Number.PlainText
	}
	return c.Number.Text
}

type otaStayInfos struct {
	HotelCode string        `xml:"HotelCode,attr"`
	StayInfos []otaStayInfo `xml:"StayInfo"`
}

type otaStayInfo struct {
	SequenceNumber    string               `xml:"SequenceNumber,attr"`
	RoomStayRPH       string               `xml:"RoomStayRPH,attr"`
	RevenueCategories []otaRevenueCategory `xml:"RevenueCategories>RevenueCategory"`
	ReservationID     *otaUniqueID         `xml:"ReservationID"`
	HotelReservation  *otaReservation      `xml:"HotelReservation"`
}

type otaRevenueCategory struct {
	Code    string             `xml:"RevenueCategoryCode,attr"`
	Summary *otaRevenueDetail  `xml:"SummaryAmount"`
	Details []otaRevenueDetail `xml:"RevenueDetails>RevenueDetail"`
}

type otaRevenueDetail struct {
	Amount          string `xml:"Amount,attr"`
	CurrencyCode    string `xml:"CurrencyCode,attr"`
	DecimalPlaces   string `xml:"DecimalPlaces,attr"`
	Description     string `xml:"Description,attr"`
	PMSRevenueCode  string `xml:"PMSRevenueCode,attr"`
	TransactionDate string `xml:"TransactionDate,attr"`
}
