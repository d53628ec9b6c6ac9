import Testing
@testable import SparringStore
